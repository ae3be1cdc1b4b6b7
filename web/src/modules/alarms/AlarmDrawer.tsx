import { Drawer } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useIsPhone } from '../../shared/useMediaQuery';
import { AlarmDetailView } from './AlarmDetailView';
import type { AlarmDetail } from './alarms.types';

/** An alarm beside the list or the wall it was opened from. */
export function AlarmDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string | null;
  onClose: () => void;
  onChanged?: (alarm: AlarmDetail) => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={t('alarms.detail.title')}
      size={isPhone ? '100%' : 560}
      destroyOnHidden
      extra={id ? <Link to={`/alarms/${id}`}>{t('alarms.detail.open')}</Link> : null}
      data-testid="alarm-drawer"
    >
      {id ? <AlarmDetailView id={id} onChanged={onChanged} compact /> : null}
    </Drawer>
  );
}
