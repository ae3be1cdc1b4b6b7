import { PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, List, Space, Table, type TableColumnsType, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { HoursModal, ReasonModal, RegisterModal } from './VolunteerForms';
import { hoursText, StatusTag, useCatalogue } from './VolunteersParts';
import { volunteersApi } from './volunteers.api';
import type { Application, Patrol, Volunteer } from './volunteers.types';

/** The office's register: volunteers and grid workers in its area, the applications to decide, and the patrols. */
export default function VolunteersPage() {
  const { t } = useTranslation();
  usePageTitle(t('volunteers.title'));
  const canManage = usePermission('volunteers.volunteer.manage');
  const [registering, setRegistering] = useState(false);
  const [tab, setTab] = useState('volunteers');
  const list = useQuery((signal) => volunteersApi.list({}, signal), []);
  const catalogue = useCatalogue();

  return (
    <div data-testid="page-volunteers" className="gz-stack">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title" style={{ margin: 0 }}>
          {t('volunteers.title')}
        </Typography.Title>
        <Space wrap>
          <Link to="/volunteers/ranking">
            <Button icon={<TrophyOutlined />} data-testid="volunteers-ranking-link">
              {t('volunteers.rankingLink')}
            </Button>
          </Link>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="volunteers-register">
              {t('volunteers.register')}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('volunteers.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'volunteers',
            label: t('volunteers.tabs.volunteers'),
            children: (
              <>
                {list.problem && <ProblemAlert problem={list.problem} onRetry={list.reload} />}
                <Register items={list.data?.items ?? []} loading={list.loading} onChanged={list.reload} catalogue={catalogue} />
              </>
            ),
          },
          {
            key: 'applications',
            label: t('volunteers.tabs.applications'),
            children: <Applications catalogue={catalogue} onApproved={list.reload} />,
          },
          { key: 'patrols', label: t('volunteers.tabs.patrols'), children: tab === 'patrols' ? <Patrols /> : null },
        ]}
      />
      <RegisterModal
        open={registering}
        catalogue={catalogue}
        onClose={() => setRegistering(false)}
        onDone={() => {
          setRegistering(false);
          list.reload();
        }}
      />
    </div>
  );
}

type CatalogueApi = ReturnType<typeof useCatalogue>;

function Register({
  items,
  loading,
  onChanged,
  catalogue,
}: {
  items: Volunteer[];
  loading: boolean;
  onChanged: () => void;
  catalogue: CatalogueApi;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const [statusOf, setStatusOf] = useState<Volunteer | null>(null);
  const [hoursOf, setHoursOf] = useState<Volunteer | null>(null);
  const empty = <Empty description={t('volunteers.empty')} />;
  const actions = (v: Volunteer) =>
    v.abilities.manage ? (
      <Space size="small" wrap>
        <Button size="small" onClick={() => setHoursOf(v)} data-testid={`volunteer-hours-${v.personId}`}>
          {t('volunteers.recordHours')}
        </Button>
        <Button size="small" danger={v.status === 'active'} onClick={() => setStatusOf(v)} data-testid={`volunteer-status-${v.personId}`}>
          {v.status === 'active' ? t('volunteers.suspend') : t('volunteers.reinstate')}
        </Button>
      </Space>
    ) : null;
  const skills = (v: Volunteer) => v.skills.map((s) => catalogue.skillName(s)).join('、');

  const body = isPhone ? (
    <List<Volunteer>
      dataSource={items}
      loading={loading}
      locale={{ emptyText: empty }}
      data-testid="volunteers-list"
      renderItem={(v) => (
        <Card
          size="small"
          style={{ marginBottom: 8 }}
          title={v.name}
          extra={<StatusTag status={v.status} />}
          data-testid={`volunteer-row-${v.personId}`}
        >
          <Space orientation="vertical" size={2}>
            <Typography.Text type="secondary">
              {t(`volunteers.role.${v.role}`)} · {catalogue.areaName(v.areaId)}
            </Typography.Text>
            <Typography.Text>{skills(v)}</Typography.Text>
            <Typography.Text>
              {t('volunteers.col.hours')} {hoursText(v.figures.hours.totalHours, format)} · {t('volunteers.col.points')}{' '}
              {format.number(v.figures.points.total)}
            </Typography.Text>
            {actions(v)}
          </Space>
        </Card>
      )}
    />
  ) : (
    <Table<Volunteer>
      rowKey="personId"
      dataSource={items}
      loading={loading}
      size="middle"
      pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: empty }}
      data-testid="volunteers-table"
      columns={
        [
          { key: 'name', title: t('volunteers.col.name'), render: (_, v) => v.name },
          { key: 'role', title: t('volunteers.col.role'), render: (_, v) => t(`volunteers.role.${v.role}`) },
          { key: 'area', title: t('volunteers.col.area'), render: (_, v) => catalogue.areaName(v.areaId) },
          { key: 'skills', title: t('volunteers.col.skills'), render: (_, v) => skills(v) },
          { key: 'status', title: t('volunteers.col.status'), render: (_, v) => <StatusTag status={v.status} /> },
          {
            key: 'hours',
            title: t('volunteers.col.hours'),
            align: 'right',
            render: (_, v) => hoursText(v.figures.hours.totalHours, format),
          },
          { key: 'points', title: t('volunteers.col.points'), align: 'right', render: (_, v) => format.number(v.figures.points.total) },
          { key: 'actions', title: t('volunteers.col.actions'), render: (_, v) => actions(v) },
        ] satisfies TableColumnsType<Volunteer>
      }
    />
  );
  return (
    <>
      {body}
      <ReasonModal
        open={statusOf !== null}
        title={statusOf?.status === 'active' ? t('volunteers.suspend') : t('volunteers.reinstate')}
        label={t('volunteers.statusReason')}
        onClose={() => setStatusOf(null)}
        submit={async (reason) => {
          if (!statusOf) return;
          await volunteersApi.setStatus(statusOf.personId, statusOf.status === 'active' ? 'suspended' : 'active', reason);
          setStatusOf(null);
          onChanged();
        }}
      />
      <HoursModal
        volunteer={hoursOf}
        onClose={() => setHoursOf(null)}
        onDone={() => {
          setHoursOf(null);
          void message.success(t('volunteers.hoursForm.saved'));
          onChanged();
        }}
      />
    </>
  );
}

function Applications({ catalogue, onApproved }: { catalogue: CatalogueApi; onApproved: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message, modal } = App.useApp();
  const list = useQuery((signal) => volunteersApi.applications('pending', signal), []);
  const [declining, setDeclining] = useState<Application | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const approve = (a: Application) =>
    modal.confirm({
      title: `${t('volunteers.approve')}：${a.name}`,
      okText: t('volunteers.approve'),
      okButtonProps: { 'data-testid': 'approve-confirm' },
      onOk: async () => {
        setBusy(a.id);
        try {
          await volunteersApi.approve(a.id);
          void message.success(t('volunteers.approved'));
          list.reload();
          onApproved();
        } catch (error) {
          if (!isApiProblem(error)) throw error;
          setProblem(error);
        } finally {
          setBusy(null);
        }
      },
    });

  return (
    <div className="gz-stack">
      {list.problem && <ProblemAlert problem={list.problem} onRetry={list.reload} />}
      {problem && <ProblemAlert problem={problem} />}
      <List<Application>
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        locale={{ emptyText: <Empty description={t('volunteers.empty')} /> }}
        data-testid="applications-list"
        renderItem={(a) => (
          <Card
            size="small"
            style={{ marginBottom: 8 }}
            title={a.name}
            extra={<Typography.Text type="secondary">{format.dateTime(a.submittedAt)}</Typography.Text>}
            data-testid={`application-${a.id}`}
          >
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Text>
                {catalogue.areaName(a.areaId)} · <span className="gz-mono">{a.phone}</span>
              </Typography.Text>
              {a.skills.length > 0 && <Typography.Text>{a.skills.map((s) => catalogue.skillName(s)).join('、')}</Typography.Text>}
              {a.note && <Typography.Text type="secondary">{a.note}</Typography.Text>}
              {a.abilities.decide && (
                <Space>
                  <Button type="primary" size="small" loading={busy === a.id} onClick={() => approve(a)} data-testid="application-approve">
                    {t('volunteers.approve')}
                  </Button>
                  <Button size="small" onClick={() => setDeclining(a)} data-testid="application-decline">
                    {t('volunteers.decline')}
                  </Button>
                </Space>
              )}
            </Space>
          </Card>
        )}
      />
      <ReasonModal
        open={declining !== null}
        title={t('volunteers.decline')}
        label={t('volunteers.declineReason')}
        onClose={() => setDeclining(null)}
        submit={async (reason) => {
          if (!declining) return;
          await volunteersApi.decline(declining.id, reason);
          setDeclining(null);
          void message.success(t('volunteers.declined'));
          list.reload();
        }}
      />
    </div>
  );
}

function Patrols() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useQuery((signal) => volunteersApi.areaPatrols(signal), []);
  return (
    <div className="gz-stack">
      {list.problem && <ProblemAlert problem={list.problem} onRetry={list.reload} />}
      <Table<Patrol>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('volunteers.empty')} /> }}
        scroll={{ x: true }}
        data-testid="patrols-table"
        columns={[
          { key: 'name', title: t('volunteers.col.name'), render: (_, p) => p.name },
          { key: 'startedAt', title: t('volunteers.col.startedAt'), render: (_, p) => format.dateTime(p.startedAt) },
          { key: 'endedAt', title: t('volunteers.col.endedAt'), render: (_, p) => format.dateTime(p.endedAt) },
          { key: 'minutes', title: t('volunteers.col.minutes'), align: 'right', render: (_, p) => format.number(p.minutes) },
          {
            key: 'findings',
            title: t('volunteers.col.findings'),
            render: (_, p) => p.findings.map((f) => ('text' in f ? f.text : f.reportCode)).join('；') || p.note || '',
          },
        ]}
      />
    </div>
  );
}
