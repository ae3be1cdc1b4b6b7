import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { directoryApi } from './directory.api';
import { ImportScreen } from './ImportScreen';

/**
 * Importing people (人员名录) from CSV or XLSX, reached from the people list. ID and phone numbers are stored
 * encrypted; the report shows refused values masked only, as the server gives them.
 */
export default function PeopleImportPage() {
  const { t } = useTranslation();
  const getJob = useCallback((id: string, signal: AbortSignal) => directoryApi.getPeopleImport(id, signal), []);
  return (
    <ImportScreen
      testId="page-people-import"
      title={t('peopleImport.title')}
      intro={t('peopleImport.intro')}
      back={{ to: '/people', label: t('peopleImport.back') }}
      dropHint={t('peopleImport.dropHint')}
      template={{ url: directoryApi.peopleImportTemplateUrl(), label: t('peopleImport.template'), hint: t('peopleImport.templateHint') }}
      reportNote={t('peopleImport.masked')}
      start={directoryApi.startPeopleImport}
      getJob={getJob}
      refusalsUrl={directoryApi.peopleImportRefusalsUrl}
    />
  );
}
