import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, type DescriptionsProps, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ProblemResult } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { AuditHistory } from '../audit/AuditHistory';
import { type RewardAction, RewardActionModal, RewardButtons } from './RewardActions';
import { CaseStatusTag, useBilingual } from './RewardsParts';
import { rewardsApi } from './rewards.api';
import { percent } from './rewards.money';
import type { CaseDetail } from './rewards.types';

/** One reward case: the decision, the reward by the rule, approval and payment, with the steps the caller may take. */
export default function RewardDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery((signal) => rewardsApi.get(id, signal), [id]);
  const [answer, setAnswer] = useState<CaseDetail | null>(null);
  const detail = answer && answer.id === id ? answer : query.data;
  usePageTitle(detail ? detail.code : t('rewards.title'));
  const [pending, setPending] = useState<RewardAction | null>(null);
  const [revision, setRevision] = useState(0);

  return (
    <div data-testid="page-reward" className="gz-stack">
      <div>
        <Link to="/rewards">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('rewards.back')}
          </Button>
        </Link>
      </div>
      {query.problem && !detail ? (
        <ProblemResult problem={query.problem} onRetry={query.reload} />
      ) : !detail ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <>
          <div className="gz-page-head">
            <Space wrap align="center">
              <Typography.Title level={3} className="gz-page-title gz-mono" style={{ margin: 0 }} data-testid="reward-code">
                {detail.code}
              </Typography.Title>
              <CaseStatusTag status={detail.status} testId="reward-detail-status" />
              {(detail.approved ?? detail.computed) && (
                <Typography.Text strong data-testid="reward-detail-amount">
                  {(detail.approved ?? detail.computed)?.text}
                </Typography.Text>
              )}
            </Space>
          </div>
          <Card size="small" title={t('rewards.detail.actions')}>
            <RewardButtons detail={detail} onAction={setPending} />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={15}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <Decision detail={detail} />
                <Reward detail={detail} />
                <Payment detail={detail} />
              </Space>
            </Col>
            <Col xs={24} lg={9}>
              <Card size="small" title={t('rewards.detail.history')}>
                <AuditHistory targetType="reward_case" targetId={detail.id} refreshKey={revision} />
              </Card>
            </Col>
          </Row>
          <RewardActionModal
            detail={detail}
            action={pending}
            onClose={() => setPending(null)}
            onDone={(next) => {
              setPending(null);
              setAnswer(next);
              setRevision((r) => r + 1);
            }}
          />
        </>
      )}
    </div>
  );
}

function useColumns() {
  return useIsPhone() ? 1 : 2;
}

function Decision({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useBilingual();
  const items: DescriptionsProps['items'] = [
    { key: 'number', label: t('rewards.detail.decisionNumber'), children: detail.decisionNumber },
    { key: 'at', label: t('rewards.detail.decidedAt'), children: format.dateTime(detail.decidedAt) },
    { key: 'fine', label: t('rewards.detail.fine'), children: <span data-testid="reward-fine">{detail.fine.text}</span> },
    { key: 'area', label: t('rewards.col.area'), children: text(detail.areaName) },
    {
      key: 'major',
      label: t('rewards.detail.majorHazard'),
      children: detail.majorHazard ? t('common.yes') : t('common.no'),
    },
    {
      key: 'report',
      label: t('rewards.detail.report'),
      children: (
        <Space wrap>
          <Link to={`/reports/${encodeURIComponent(detail.report.id)}`} className="gz-mono">
            {detail.report.code}
          </Link>
          <Tag>{detail.report.named ? t('rewards.detail.named') : t('rewards.detail.anonymous')}</Tag>
        </Space>
      ),
    },
    ...(detail.note ? [{ key: 'note', label: t('rewards.detail.note'), span: 'filled' as const, children: detail.note }] : []),
  ];
  return (
    <Card size="small" title={t('rewards.detail.decision')}>
      <Descriptions size="small" column={useColumns()} items={items} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('rewards.detail.reportHint')}
      </Typography.Paragraph>
    </Card>
  );
}

function Reward({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rule = detail.rule;
  const items: DescriptionsProps['items'] = [
    {
      key: 'rule',
      label: t('rewards.detail.rule'),
      span: 'filled',
      children: rule
        ? t('rewards.detail.ruleText', {
            version: rule.version,
            from: rule.effectiveFrom,
            rate: percent(rule.rateBasisPoints),
            min: rule.min.text,
            max: rule.max.text,
          })
        : '—',
    },
    {
      key: 'computed',
      label: t('rewards.detail.computed'),
      children: (
        <span data-testid="reward-computed">
          {detail.computed?.text ?? '—'} · {t(`rewards.detail.basis.${detail.basis}`)}
        </span>
      ),
    },
    { key: 'approved', label: t('rewards.detail.approved'), children: detail.approved?.text ?? '—' },
    { key: 'proposedBy', label: t('rewards.detail.proposedBy'), children: detail.proposedBy?.name || '—' },
    { key: 'proposedAt', label: t('rewards.detail.proposedAt'), children: format.dateTime(detail.proposedAt) },
    ...(detail.reviewedBy
      ? [
          { key: 'reviewedBy', label: t('rewards.detail.reviewedBy'), children: detail.reviewedBy.name || '—' },
          {
            key: 'reviewedAt',
            label: t('rewards.detail.reviewedAt'),
            children: detail.reviewedAt ? format.dateTime(detail.reviewedAt) : '—',
          },
        ]
      : []),
    ...(detail.reviewNote
      ? [{ key: 'reviewNote', label: t('rewards.detail.reviewNote'), span: 'filled' as const, children: detail.reviewNote }]
      : []),
  ];
  return (
    <Card size="small" title={t('rewards.detail.reward')}>
      <Descriptions size="small" column={useColumns()} items={items} />
    </Card>
  );
}

function Payment({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useColumns();
  const p = detail.payment;
  return (
    <Card size="small" title={t('rewards.detail.payment')} data-testid="reward-payment">
      {p ? (
        <Descriptions
          size="small"
          column={columns}
          items={[
            { key: 'paidAt', label: t('rewards.detail.paidAt'), children: format.dateTime(p.paidAt) },
            { key: 'method', label: t('rewards.detail.method'), children: t(`rewards.method.${p.method}`) },
            { key: 'reference', label: t('rewards.detail.reference'), children: p.reference ?? '—' },
            { key: 'amount', label: t('rewards.detail.amount'), children: p.amount?.text ?? '—' },
            { key: 'recordedBy', label: t('rewards.detail.recordedBy'), children: p.recordedBy?.name || '—' },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t('rewards.detail.notPaid')}</Typography.Text>
      )}
    </Card>
  );
}
