import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { usePageTitle } from '../../shared/usePageTitle';
import { AlarmDetailView } from './AlarmDetailView';

/** `/alarms/:id`: one alarm on a page of its own (a link to share, a notification to follow). */
export default function AlarmPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('alarms.detail.title'));
  return (
    <div data-testid="page-alarm" className="gz-stack">
      <AlarmDetailView id={id} />
    </div>
  );
}
