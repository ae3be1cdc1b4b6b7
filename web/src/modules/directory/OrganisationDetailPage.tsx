import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, type DescriptionsProps, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useLocalName } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { AuditHistory } from '../audit/AuditHistory';
import { directoryApi } from './directory.api';
import { EnterpriseFormDrawer } from './EnterpriseFormDrawer';
import { OrganisationCard } from './OrganisationPage';

/** Any organisation the caller may see: its register record, licences and, for regulators, its change history. */
export default function OrganisationDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const record = useQuery((signal) => directoryApi.getOrganisation(id, signal), [id]);
  const localName = useLocalName();
  const format = useFormat();
  const isPhone = useIsPhone();
  usePageTitle(record.data ? localName(record.data) : t('organisation.record'));
  const none = t('common.none');
  const [editing, setEditing] = useState(false);
  // The history card is remounted after a save, so that it shows the change just made.
  const [saves, setSaves] = useState(0);

  if (record.problem) return <ProblemAlert problem={record.problem} onRetry={record.reload} />;
  if (!record.data) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  const o = record.data;
  const items: DescriptionsProps['items'] = [
    { key: 'industry', label: t('organisation.industryCode'), children: o.industryCode ?? none },
    {
      key: 'class',
      label: t('organisation.supervisionClass'),
      children: o.supervisionClass ? (
        <Tag color="blue" data-testid="organisation-supervision-class">
          {o.supervisionClass}
        </Tag>
      ) : (
        none
      ),
    },
    {
      key: 'principal',
      label: t('organisation.principalName'),
      children: <span data-testid="organisation-principal">{o.principalName ?? none}</span>,
    },
    { key: 'safety', label: t('organisation.safetyManagerName'), children: o.safetyManagerName ?? none },
    {
      key: 'licences',
      label: t('organisation.licences'),
      span: 'filled',
      children:
        o.licences.length === 0 ? (
          none
        ) : (
          <Space direction="vertical" size={2} data-testid="organisation-licences">
            {o.licences.map((l) => (
              <span key={`${l.kind}-${l.number}`}>
                {l.kind} <span className="gz-mono">{l.number}</span>
                {l.validUntil && (
                  <Typography.Text type="secondary">
                    {' '}
                    · {t('organisation.licenceValidUntil', { date: format.date(l.validUntil) })}
                  </Typography.Text>
                )}
              </span>
            ))}
          </Space>
        ),
    },
  ];

  return (
    <div data-testid="page-organisation-detail">
      <Link to="/enterprises" className="gz-back-link">
        <ArrowLeftOutlined /> {t('organisation.back')}
      </Link>
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {localName(o)}
        </Typography.Title>
        {o.abilities.edit && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} block={isPhone} data-testid="enterprise-edit">
            {t('enterpriseEdit.action')}
          </Button>
        )}
      </div>
      <div className="gz-card-list">
        <OrganisationCard organisation={o} />
        <Card title={t('organisation.record')} size="small" data-testid="organisation-record">
          <Descriptions items={items} column={isPhone ? 1 : 2} size="small" />
        </Card>
        {o.abilities.readHistory && <AuditHistory key={saves} targetType="organisation" targetId={o.id} />}
      </div>
      {o.abilities.edit && (
        <EnterpriseFormDrawer
          mode="edit"
          enterprise={o}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setSaves((n) => n + 1);
            record.reload();
          }}
        />
      )}
    </div>
  );
}
