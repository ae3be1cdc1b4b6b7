import { CheckOutlined } from '@ant-design/icons';
import { Card, Descriptions, Skeleton, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { type HTMLAttributes, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useLabels } from '../../shared/labels';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { AuditHeadCard } from '../audit/AuditHeadCard';
import { accessApi } from './access.api';
import { isLocale, type Locale, type LocalisedText, type PublishedMandate } from './access.types';

type MandatePermission = PublishedMandate['permissions'][number];
type MandateRole = PublishedMandate['roles'][number];

/** A row of the matrix: a module's heading, or one of its permissions. */
type Row =
  | { key: string; kind: 'module'; module: string; count: number }
  | { key: string; kind: 'permission'; permission: MandatePermission };

/** Roles whose staff hold their permissions through entrustments. */
const providerScope = (role: MandateRole) => role.scopeKind === 'entrustment' || role.role.startsWith('provider_');

/**
 * The published mandate (权责清单), open to everyone: the role × permission
 * matrix, then each role's scope and the authority it acts on.
 */
export default function MandatePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('mandate.title'));
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'zh-CN';
  const mandate = useQuery((signal) => accessApi.getMandate(signal), []);

  return (
    <div data-testid="page-mandate" className="gz-stack">
      <div>
        <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 4 }}>
          {t('mandate.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('mandate.intro')}</Typography.Text>
      </div>
      {mandate.problem ? (
        <ProblemAlert problem={mandate.problem} onRetry={mandate.reload} />
      ) : !mandate.data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <>
          <Matrix mandate={mandate.data} locale={locale} />
          <Roles mandate={mandate.data} locale={locale} />
        </>
      )}
      {/* Published beside the mandate: what was done under it can be checked by anyone who keeps this. */}
      <AuditHeadCard />
    </div>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Space size={[12, 6]} wrap className="gz-mandate-legend">
      <span>
        <CheckOutlined className="gz-granted" /> {t('mandate.granted')}
      </span>
      <span>
        <Tag color="purple">{t('mandate.viaEntrustment')}</Tag>
        <Typography.Text type="secondary">{t('mandate.viaEntrustmentHint')}</Typography.Text>
      </span>
      <span>
        <Tag color="green">{t('mandate.public')}</Tag>
        <Typography.Text type="secondary">{t('mandate.publicHint')}</Typography.Text>
      </span>
    </Space>
  );
}

function Matrix({ mandate, locale }: { mandate: PublishedMandate; locale: Locale }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();

  const rows = useMemo(() => {
    const byModule = new Map<string, MandatePermission[]>();
    for (const permission of mandate.permissions) {
      const list = byModule.get(permission.module) ?? [];
      list.push(permission);
      byModule.set(permission.module, list);
    }
    const out: Row[] = [];
    for (const [module, permissions] of byModule) {
      out.push({ key: `module:${module}`, kind: 'module', module, count: permissions.length });
      for (const permission of permissions) out.push({ key: permission.name, kind: 'permission', permission });
    }
    return out;
  }, [mandate.permissions]);

  const roleColumns: TableColumnsType<Row> = mandate.roles.map((role) => ({
    key: role.role,
    title: (
      <span className="gz-mandate-role" data-testid={`mandate-role-${role.role}`}>
        {text(role.name, locale)}
      </span>
    ),
    width: 76,
    align: 'center',
    onCell: (row) => ({ colSpan: row.kind === 'module' ? 0 : 1 }),
    render: (_, row) => {
      if (row.kind !== 'permission') return null;
      const permission = row.permission;
      const granted = permission.roles.includes(role.role);
      const viaEntrustment = granted && permission.viaEntrustment && providerScope(role);
      return (
        <span data-testid={`grant-${permission.name}-${role.role}`} data-granted={String(granted)}>
          {granted ? (
            <Tooltip title={viaEntrustment ? t('mandate.viaEntrustmentHint') : t('mandate.granted')}>
              <CheckOutlined
                className={viaEntrustment ? 'gz-granted gz-granted-entrusted' : 'gz-granted'}
                aria-label={viaEntrustment ? t('mandate.viaEntrustment') : t('mandate.granted')}
              />
              {viaEntrustment && <sup className="gz-entrusted-mark">{t('mandate.viaEntrustmentShort')}</sup>}
            </Tooltip>
          ) : (
            <span className="gz-not-granted" role="img" aria-label={t('mandate.notGranted')}>
              ·
            </span>
          )}
        </span>
      );
    },
  }));

  const columns: TableColumnsType<Row> = [
    {
      key: 'permission',
      title: t('mandate.permission'),
      fixed: 'left',
      width: isPhone ? 150 : 300,
      onCell: (row) => ({ colSpan: row.kind === 'module' ? 1 + mandate.roles.length : 1 }),
      render: (_, row) =>
        row.kind === 'module' ? (
          <Typography.Text strong className="gz-mandate-module" data-testid={`mandate-module-${row.module}`}>
            {labels.module(row.module)}
          </Typography.Text>
        ) : (
          <PermissionCell permission={row.permission} locale={locale} />
        ),
    },
    ...roleColumns,
  ];

  return (
    <Card size="small" title={t('mandate.matrix')}>
      <div style={{ marginBottom: 12 }}>
        <Legend />
      </div>
      <Table<Row>
        rowKey="key"
        size="small"
        bordered
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: (isPhone ? 150 : 300) + mandate.roles.length * 76 }}
        rowClassName={(row) => (row.kind === 'module' ? 'gz-mandate-module-row' : '')}
        onRow={(row) =>
          (row.kind === 'permission' ? { 'data-testid': `mandate-row-${row.permission.name}` } : {}) as HTMLAttributes<HTMLElement>
        }
        data-testid="mandate-matrix"
      />
    </Card>
  );
}

function PermissionCell({ permission, locale }: { permission: MandatePermission; locale: Locale }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <div className="gz-mandate-permission">
      <div>{text(permission.description, locale)}</div>
      <Space size={[4, 4]} wrap>
        <Typography.Text type="secondary" className="gz-mono" style={{ fontSize: 12 }}>
          {permission.name}
        </Typography.Text>
        {permission.public && (
          <Tooltip title={t('mandate.publicHint')}>
            <Tag color="green" data-testid={`mandate-public-${permission.name}`}>
              {t('mandate.public')}
            </Tag>
          </Tooltip>
        )}
        {permission.viaEntrustment && (
          <Tooltip title={t('mandate.viaEntrustmentHint')}>
            <Tag color="purple" data-testid={`mandate-entrusted-${permission.name}`}>
              {t('mandate.viaEntrustment')}
            </Tag>
          </Tooltip>
        )}
      </Space>
      {permission.viaEntrustment && permission.services && permission.services.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {t('mandate.onlyServices', { services: permission.services.map((s) => labels.service(s)).join(locale === 'en' ? ', ' : '、') })}
        </Typography.Text>
      )}
    </div>
  );
}

function Roles({ mandate, locale }: { mandate: PublishedMandate; locale: Locale }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const count = (role: string) => mandate.permissions.filter((p) => p.roles.includes(role)).length;
  return (
    <div className="gz-stack" data-testid="mandate-roles">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('mandate.roles')}
      </Typography.Title>
      <div className="gz-mandate-role-grid">
        {mandate.roles.map((role) => (
          <Card
            key={role.role}
            size="small"
            title={text(role.name, locale)}
            extra={
              role.scopeKind ? (
                <Tag color={role.scopeKind === 'entrustment' ? 'purple' : 'blue'}>{labels.scopeKind(role.scopeKind)}</Tag>
              ) : null
            }
            data-testid={`mandate-role-card-${role.role}`}
          >
            <Descriptions
              size="small"
              column={1}
              layout="vertical"
              colon={false}
              items={[
                { key: 'scope', label: t('mandate.scope'), children: text(role.scope, locale) },
                { key: 'authority', label: t('mandate.authority'), children: text(role.authority, locale) },
              ]}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('mandate.permissionsOfRole', { count: count(role.role) })}
            </Typography.Text>
          </Card>
        ))}
      </div>
    </div>
  );
}

const text = (value: LocalisedText, locale: Locale) => value[locale] || value['zh-CN'];
