import { App, Button, Card, Descriptions, Empty, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { HazardProblem } from './HazardParts';
import { hazardsApi } from './hazards.api';
import { type Referral, type ReferralResult, referralResults } from './hazards.types';

const statusColour = { pending: 'warning', acknowledged: 'processing', completed: 'success' } as const;

/**
 * The hazard's referrals to other departments (移交): to whom, why, and, once
 * the receiving department has acted, its acknowledgement and outcome. The
 * receiving department acknowledges and records the outcome here.
 */
export function ReferralsCard({ referrals, onChanged }: { referrals: Referral[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const [pending, setPending] = useState<{ referral: Referral; act: 'acknowledge' | 'recordOutcome' } | null>(null);

  return (
    <Card size="small" title={t('hazards.referral.title')} data-testid="hazard-referrals">
      {referrals.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.referral.empty')} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {referrals.map((referral) => (
            <div key={referral.id} data-testid={`referral-${referral.id}`} data-status={referral.status}>
              <Descriptions
                size="small"
                bordered={!isPhone}
                layout={isPhone ? 'vertical' : 'horizontal'}
                column={{ xs: 1, sm: 1, md: 2 }}
                className="gz-descriptions"
                items={[
                  {
                    key: 'to',
                    label: t('hazards.referral.to'),
                    children: referral.to.department ? `${referral.to.name}（${referral.to.department}）` : referral.to.name,
                  },
                  {
                    key: 'status',
                    label: t('hazards.referral.status'),
                    children: (
                      <Tag color={statusColour[referral.status]} data-testid="referral-status">
                        {t(`hazards.referral.statuses.${referral.status}`)}
                      </Tag>
                    ),
                  },
                  { key: 'from', label: t('hazards.referral.from'), children: referral.from.name },
                  { key: 'at', label: t('hazards.referral.referredAt'), children: format.dateTime(referral.referredAt) },
                  { key: 'reason', label: t('hazards.referral.reason'), children: referral.reason, span: 2 },
                  ...(referral.acknowledgedAt
                    ? [
                        {
                          key: 'ack',
                          label: t('hazards.referral.acknowledgedAt'),
                          children: `${format.dateTime(referral.acknowledgedAt)}${referral.acknowledgedBy ? ` · ${referral.acknowledgedBy.name}` : ''}`,
                        },
                      ]
                    : []),
                  ...(referral.result
                    ? [
                        { key: 'result', label: t('hazards.referral.result'), children: t(`hazards.referral.results.${referral.result}`) },
                        {
                          key: 'outcomeAt',
                          label: t('hazards.referral.outcomeAt'),
                          children: referral.outcomeAt ? format.dateTime(referral.outcomeAt) : t('common.none'),
                        },
                        { key: 'outcomeNote', label: t('hazards.referral.outcomeNote'), children: referral.outcomeNote ?? '', span: 2 },
                      ]
                    : []),
                ]}
              />
              {(referral.abilities.acknowledge || referral.abilities.recordOutcome) && (
                <Space className="gz-hz-no-print" style={{ marginTop: 8 }}>
                  {referral.abilities.acknowledge && (
                    <Button onClick={() => setPending({ referral, act: 'acknowledge' })} data-testid="referral-acknowledge">
                      {t('hazards.referral.acknowledge')}
                    </Button>
                  )}
                  {referral.abilities.recordOutcome && (
                    <Button type="primary" onClick={() => setPending({ referral, act: 'recordOutcome' })} data-testid="referral-outcome">
                      {t('hazards.referral.recordOutcome')}
                    </Button>
                  )}
                </Space>
              )}
            </div>
          ))}
        </Space>
      )}
      <ReferralModal
        pending={pending}
        onClose={() => setPending(null)}
        onDone={() => {
          setPending(null);
          onChanged();
        }}
      />
    </Card>
  );
}

function ReferralModal({
  pending,
  onClose,
  onDone,
}: {
  pending: { referral: Referral; act: 'acknowledge' | 'recordOutcome' } | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string; result?: ReferralResult }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const outcome = pending?.act === 'recordOutcome';
  const nameOf = (field: string) => (field === 'note' || (outcome && field === 'result') ? (field as 'note' | 'result') : null);

  const submit = async () => {
    if (!pending) return;
    const values = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      if (outcome) {
        await hazardsApi.recordReferralOutcome(pending.referral.id, { result: values.result ?? 'other', note: values.note?.trim() ?? '' });
        void message.success(t('hazards.done.outcome'));
      } else {
        await hazardsApi.acknowledgeReferral(pending.referral.id, values.note?.trim() ? { note: values.note.trim() } : {});
        void message.success(t('hazards.done.acknowledged'));
      }
      onDone();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const errors = formFieldErrors(error, nameOf, t);
      if (errors.length > 0) form.setFields(errors);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={pending !== null}
      title={pending ? t(outcome ? 'hazards.referral.recordOutcome' : 'hazards.referral.acknowledge') : null}
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
          {t('hazards.form.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={busy} onClick={submit} data-testid="referral-confirm">
          {t('hazards.form.confirm')}
        </Button>,
      ]}
    >
      {pending && (
        <Form form={form} layout="vertical" requiredMark={false} disabled={busy}>
          <Typography.Paragraph type="secondary">{pending.referral.reason}</Typography.Paragraph>
          {outcome && (
            <Form.Item
              name="result"
              label={t('hazards.referral.result')}
              rules={[{ required: true, message: t('hazards.referral.resultRequired') }]}
            >
              <Select<ReferralResult>
                options={referralResults.map((value) => ({ value, label: t(`hazards.referral.results.${value}`) }))}
                optionRender={(option) => <span data-testid={`referral-result-${String(option.value)}`}>{option.label}</span>}
                data-testid="referral-result"
              />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={outcome ? t('hazards.referral.outcomeNote') : t('hazards.form.noteOptional')}
            rules={outcome ? [{ required: true, whitespace: true, message: t('hazards.form.noteRequired') }] : []}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="referral-note" />
          </Form.Item>
          {problem && <HazardProblem problem={problem} testId="referral-problem" hideFields={allFieldsShown(problem, nameOf)} />}
        </Form>
      )}
    </Modal>
  );
}
