import { PlusOutlined } from '@ant-design/icons';
import { Button, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { InspectionList } from './InspectionList';
import { PackagesTab } from './PackagesTab';
import { PlansTab } from './PlansTab';
import { useInspectionAbilities } from './useAbilities';
import './inspections.css';
import { useAddressParams } from '../../shared/useAddressParams';

const tabs = ['inspections', 'plans', 'packages'] as const;
type Tab = (typeof tabs)[number];

/**
 * Inspection planning: the inspections the caller may see, with filters; the
 * plans that generate inspections by criteria (and enterprises' recurring
 * self-checks); the service packages bundling questionnaire, phone, visit and
 * expert review. Tabs and buttons follow what the server says the caller may do.
 */
export default function InspectionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('inspections.list.title'));
  const isPhone = useIsPhone();
  const abilities = useInspectionAbilities();
  const [params, setParams] = useAddressParams();
  const tabParam = params.get('tab');
  const tab: Tab = tabParam === 'plans' || tabParam === 'packages' ? tabParam : 'inspections';
  const canStart = (abilities.data?.kinds.length ?? 0) > 0;
  const shown = tabs.filter(
    (key) => key === 'inspections' || (key === 'plans' && abilities.data?.plan) || (key === 'packages' && abilities.data?.packages),
  );

  return (
    <div data-testid="page-inspections">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('inspections.list.title')}
        </Typography.Title>
        {canStart && (
          <Link to="/inspections/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="inspection-new">
              {t('inspections.list.new')}
            </Button>
          </Link>
        )}
      </div>
      {shown.length > 1 && (
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'inspections' ? {} : { tab: key })}
          size={isPhone ? 'small' : 'middle'}
          items={shown.map((key) => ({
            key,
            label: <span data-testid={`inspections-tab-${key}`}>{t(`inspections.list.tabs.${key}`)}</span>,
          }))}
        />
      )}
      {tab === 'inspections' && <InspectionList />}
      {tab === 'plans' && abilities.data?.plan && <PlansTab abilities={abilities.data} />}
      {tab === 'packages' && abilities.data?.packages && <PackagesTab abilities={abilities.data} />}
    </div>
  );
}
