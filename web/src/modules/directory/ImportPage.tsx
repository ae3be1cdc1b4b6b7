import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { directoryApi } from './directory.api';
import { ImportScreen } from './ImportScreen';

/** Importing an enterprise register (CSV or XLSX), reached from the enterprise list. */
export default function ImportPage() {
  const { t } = useTranslation();
  const getJob = useCallback((id: string, signal: AbortSignal) => directoryApi.getImport(id, signal), []);
  return (
    <ImportScreen
      testId="page-import"
      title={t('import.title')}
      intro={t('import.intro')}
      back={{ to: '/enterprises', label: t('import.back') }}
      dropHint={t('import.dropHint')}
      template={{ url: directoryApi.importTemplateUrl(), label: t('import.template'), hint: t('import.templateHint') }}
      start={directoryApi.startImport}
      getJob={getJob}
      refusalsUrl={directoryApi.importRefusalsUrl}
    />
  );
}
