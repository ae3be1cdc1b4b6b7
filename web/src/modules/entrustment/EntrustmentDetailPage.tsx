import { ArrowLeftOutlined, PauseCircleOutlined, PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Form,
  Input,
  Modal,
  Skeleton,
  Space,
  Table,
  Typography,
} from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert, ProblemResult } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { AuditHistory } from '../audit/AuditHistory';
import { ServiceTags, StatusTag, useMoney } from './EntrustmentParts';
import { entrustmentApi } from './entrustment.api';
import { type CoveredEnterprise, type EntrustmentDetail, type Transition, transitions } from './entrustment.types';

const transitionIcons = { suspend: <PauseCircleOutlined />, resume: <PlayCircleOutlined />, end: <StopOutlined /> } as const;

/** The public page where anyone can check an entrustment by its code. */
export const verifyPath = (code: string) => `/verify/${encodeURIComponent(code)}`;

export default function EntrustmentDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const canReadHistory = usePermission('audit.history.read');
  const [historyKey, setHistoryKey] = useState(0);
  const [pending, setPending] = useState<Transition | null>(null);
  const detail = useQuery((signal) => entrustmentApi.get(id, signal), [id]);
  usePageTitle(detail.data?.title ?? t('entrustments.title'));

  const entrustment = detail.data;
  return (
    <div data-testid="page-entrustment-detail" className="gz-stack">
      <div>
        <Link to="/entrustments">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('entrustmentDetail.back')}
          </Button>
        </Link>
      </div>
      {detail.problem && !entrustment ? (
        <ProblemResult problem={detail.problem} onRetry={detail.reload} />
      ) : !entrustment ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <>
          <div className="gz-page-head">
            <Space size={12} wrap align="center">
              <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 0 }} data-testid="entrustment-title-text">
                {entrustment.title}
              </Typography.Title>
              <span className="gz-status-large">
                <StatusTag status={entrustment.status} testId="entrustment-status" />
              </span>
            </Space>
            <Space wrap>
              {transitions
                .filter((action) => entrustment.abilities[action])
                .map((action) => (
                  <Button
                    key={action}
                    icon={transitionIcons[action]}
                    danger={action === 'end'}
                    onClick={() => setPending(action)}
                    data-testid={`action-${action}`}
                  >
                    {t(`entrustmentDetail.actions.${action}`)}
                  </Button>
                ))}
            </Space>
          </div>
          {detail.problem && <ProblemAlert problem={detail.problem} onRetry={detail.reload} />}
          <Overview entrustment={entrustment} />
          {entrustment.target.kind === 'enterprises' && <CoveredEnterprises enterprises={entrustment.enterprises} />}
          {canReadHistory && <AuditHistory targetType="entrustment" targetId={entrustment.id} refreshKey={historyKey} />}
          <ReasonModal
            entrustmentId={entrustment.id}
            action={pending}
            onClose={() => setPending(null)}
            onDone={() => {
              setPending(null);
              detail.reload();
              setHistoryKey((n) => n + 1);
            }}
          />
        </>
      )}
    </div>
  );
}

function Overview({ entrustment }: { entrustment: EntrustmentDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const isPhone = useIsPhone();
  const link = `${window.location.origin}${verifyPath(entrustment.code)}`;
  const target = entrustment.target;

  const items: DescriptionsProps['items'] = [
    {
      key: 'code',
      label: t('entrustmentDetail.code'),
      children: (
        <Typography.Text copyable={{ text: entrustment.code }} className="gz-mono gz-code" data-testid="entrustment-code">
          {entrustment.code}
        </Typography.Text>
      ),
    },
    {
      key: 'link',
      label: t('entrustmentDetail.verifyLink'),
      children: (
        <span>
          <Typography.Link
            href={verifyPath(entrustment.code)}
            copyable={{ text: link }}
            data-testid="entrustment-verify-link"
            style={{ wordBreak: 'break-all' }}
          >
            {link}
          </Typography.Link>
          <Typography.Text type="secondary" className="gz-secondary-name">
            {t('entrustmentDetail.verifyHint')}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'regulator', label: t('entrustmentDetail.regulator'), children: entrustment.regulator.name },
    {
      key: 'provider',
      label: t('entrustmentDetail.provider'),
      children: <span data-testid="entrustment-provider-name">{entrustment.provider.name}</span>,
    },
    { key: 'services', label: t('entrustments.services'), children: <ServiceTags services={entrustment.services} />, span: 2 },
    {
      key: 'target',
      label: t('entrustments.target'),
      children:
        target.kind === 'area'
          ? t('entrustments.targetArea', { area: target.areaName })
          : t('entrustments.targetEnterprises', { count: target.enterpriseCount }),
    },
    {
      key: 'count',
      label: t('entrustments.enterpriseCount'),
      children: (
        <span data-testid="entrustment-enterprise-count" data-count={target.enterpriseCount}>
          {format.number(target.enterpriseCount)}
        </span>
      ),
    },
    {
      key: 'validity',
      label: t('entrustments.validity'),
      children: (
        <span data-testid="entrustment-validity">
          {t('entrustments.validityRange', {
            from: format.dateTime(entrustment.validFrom),
            until: format.dateTime(entrustment.validUntil),
          })}
        </span>
      ),
    },
    {
      key: 'value',
      label: t('entrustments.value'),
      children: <span data-testid="entrustment-contract-value">{money(entrustment.contractValue)}</span>,
    },
    { key: 'createdAt', label: t('entrustmentDetail.createdAt'), children: format.dateTime(entrustment.createdAt) },
  ];
  if (entrustment.statusReason)
    items.push({
      key: 'reason',
      label: t('entrustmentDetail.statusReason'),
      children: <span data-testid="entrustment-status-reason">{entrustment.statusReason}</span>,
    });
  items.push({
    key: 'deliverables',
    label: t('entrustmentDetail.deliverables'),
    span: 2,
    children:
      entrustment.deliverables.length === 0 ? (
        <Typography.Text type="secondary">{t('entrustmentDetail.noDeliverables')}</Typography.Text>
      ) : (
        <ol className="gz-plain-list" data-testid="entrustment-deliverables">
          {entrustment.deliverables.map((deliverable, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: deliverables are plain text and may repeat
            <li key={index}>{deliverable}</li>
          ))}
        </ol>
      ),
  });

  return (
    <Card size="small">
      <Descriptions
        className="gz-descriptions"
        bordered={!isPhone}
        layout={isPhone ? 'vertical' : 'horizontal'}
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={items}
      />
    </Card>
  );
}

function CoveredEnterprises({ enterprises }: { enterprises: CoveredEnterprise[] }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Card title={t('entrustmentDetail.enterprises')} size="small">
      <Table<CoveredEnterprise>
        rowKey="id"
        size="small"
        dataSource={enterprises}
        pagination={enterprises.length > 10 ? { pageSize: 10, showSizeChanger: false, simple: isPhone } : false}
        locale={{ emptyText: <Empty description={t('enterprises.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        data-testid="entrustment-enterprises"
        onRow={(row) => ({ 'data-testid': `covered-${row.id}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t('enterprises.name'),
            render: (_, row) => (
              <span>
                {row.name}
                {isPhone && row.creditCode && <span className="gz-secondary-name gz-mono">{row.creditCode}</span>}
              </span>
            ),
          },
          ...(isPhone
            ? []
            : [
                {
                  key: 'creditCode',
                  title: t('enterprises.creditCode'),
                  render: (_: unknown, row: CoveredEnterprise) =>
                    row.creditCode ? <span className="gz-mono">{row.creditCode}</span> : t('common.none'),
                },
                {
                  key: 'area',
                  title: t('enterprises.area'),
                  render: (_: unknown, row: CoveredEnterprise) => row.areaName ?? t('common.none'),
                },
              ]),
        ]}
      />
    </Card>
  );
}

/** Asks for the reason of a suspension, resumption or end, then makes the change. */
function ReasonModal({
  entrustmentId,
  action,
  onClose,
  onDone,
}: {
  entrustmentId: string;
  action: Transition | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const required = action !== 'resume';

  const submit = async () => {
    if (!action) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      await entrustmentApi.transition(entrustmentId, action, reason?.trim() || undefined);
      void message.success(t(`entrustmentDetail.done.${action}`));
      onDone();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const reasonError = error.bodyFieldErrors.find((e) => e.field === 'reason');
      if (reasonError) form.setFields([{ name: 'reason', errors: [reasonError.detail] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={action !== null}
      title={action ? t(`entrustmentDetail.confirmTitle.${action}`) : null}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) {
          form.resetFields();
          setProblem(null);
        }
      }}
      footer={[
        <Button key="cancel" onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger={action === 'end'} loading={busy} onClick={submit} data-testid="reason-confirm">
          {t('entrustmentDetail.confirm')}
        </Button>,
      ]}
    >
      {action && (
        <Form form={form} layout="vertical" requiredMark={false} disabled={busy} onFinish={submit}>
          <Typography.Paragraph type="secondary">{t(`entrustmentDetail.confirmHint.${action}`)}</Typography.Paragraph>
          <Form.Item
            name="reason"
            label={required ? t('entrustmentDetail.reason') : t('entrustmentDetail.reasonOptional')}
            rules={required ? [{ required: true, whitespace: true, message: t('entrustmentDetail.reasonRequired') }] : []}
          >
            <Input.TextArea rows={3} maxLength={500} showCount autoFocus data-testid="reason-input" />
          </Form.Item>
          {problem && <ProblemAlert problem={problem} testId="reason-problem" />}
        </Form>
      )}
    </Modal>
  );
}
