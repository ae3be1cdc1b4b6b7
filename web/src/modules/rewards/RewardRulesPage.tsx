import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  type ButtonProps,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { useBilingual } from './RewardsParts';
import { rewardsApi } from './rewards.api';
import { percent, yuanToFen } from './rewards.money';
import type { RuleList } from './rewards.types';

/** The published versions of the reward rule, newest first; a head publishes a new version (never an edit). */
export default function RewardRulesPage() {
  const { t } = useTranslation();
  usePageTitle(t('rewards.rules.title'));
  const rules = useQuery((signal) => rewardsApi.rules(signal), []);
  const [publishing, setPublishing] = useState(false);
  const [answer, setAnswer] = useState<RuleList | null>(null);
  const data = answer ?? rules.data;

  return (
    <div data-testid="page-reward-rules" className="gz-stack">
      <div>
        <Link to="/rewards">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('rewards.back')}
          </Button>
        </Link>
      </div>
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title" style={{ margin: 0 }}>
          {t('rewards.rules.title')}
        </Typography.Title>
        {data?.abilities.publish && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)} data-testid="rule-publish">
            {t('rewards.rules.publish')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('rewards.rules.intro')}</Typography.Paragraph>
      {rules.problem && <ProblemAlert problem={rules.problem} onRetry={rules.reload} />}
      {data && data.items.length === 0 && <Empty />}
      {data?.items.map((r) => (
        <RuleCard key={r.version} rule={r} />
      ))}
      <PublishModal
        open={publishing}
        onClose={() => setPublishing(false)}
        onDone={(next) => {
          setPublishing(false);
          setAnswer(next);
        }}
      />
    </div>
  );
}

function RuleCard({ rule }: { rule: RuleList['items'][number] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useBilingual();
  const isPhone = useIsPhone();
  return (
    <Card
      size="small"
      data-testid={`rule-${rule.version}`}
      title={
        <Space wrap>
          <span>
            {t('rewards.rules.version')} {rule.version}
          </span>
          {rule.inForce && (
            <Tag color="green" data-testid="rule-in-force">
              {t('rewards.rules.inForce')}
            </Tag>
          )}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={isPhone ? 1 : 3}
        items={[
          { key: 'from', label: t('rewards.rules.effectiveFrom'), children: rule.effectiveFrom },
          { key: 'rate', label: t('rewards.rules.rate'), children: <span data-testid="rule-rate">{percent(rule.rateBasisPoints)}</span> },
          { key: 'min', label: t('rewards.rules.min'), children: <span data-testid="rule-min">{rule.min.text}</span> },
          { key: 'max', label: t('rewards.rules.max'), children: <span data-testid="rule-max">{rule.max.text}</span> },
          {
            key: 'scope',
            label: t('rewards.rules.majorOnly'),
            span: 2,
            children: rule.majorOnly ? t('rewards.rules.majorOnlyYes') : t('rewards.rules.majorOnlyNo'),
          },
          { key: 'citation', label: t('rewards.rules.citation'), span: 'filled', children: text(rule.citation) },
          { key: 'published', label: t('rewards.rules.publishedAt'), children: format.dateTime(rule.publishedAt) },
        ]}
      />
    </Card>
  );
}

interface Values {
  effectiveFrom: Dayjs;
  rate: string;
  min: string;
  max: string;
  majorOnly: boolean;
  citationZh: string;
  citationEn: string;
}

/** Basis points from a typed percentage ("15", "12.5"); null when it is not one. */
const basisPoints = (text: string): number | null => {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/%$/, ''));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp >= 1 && bp <= 10_000 ? bp : null;
};

function PublishModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (next: RuleList) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const names: Record<string, keyof Values> = {
    effectiveFrom: 'effectiveFrom',
    rateBasisPoints: 'rate',
    minFen: 'min',
    maxFen: 'max',
    'citation.zh-CN': 'citationZh',
    'citation.en': 'citationEn',
  };
  const nameOf = (field: string) => names[field] ?? null;
  const money = [
    { required: true, message: t('rewards.rules.required') },
    {
      validator: async (_: unknown, v: string | undefined) =>
        !v || yuanToFen(v) !== null ? undefined : Promise.reject(new Error(t('rewards.rules.amountInvalid'))),
    },
  ];

  const submit = async (v: Values) => {
    setBusy(true);
    setProblem(null);
    try {
      const next = await rewardsApi.publishRule({
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        rateBasisPoints: basisPoints(v.rate) ?? 0,
        minFen: yuanToFen(v.min) ?? -1,
        maxFen: yuanToFen(v.max) ?? -1,
        majorOnly: v.majorOnly === true,
        citation: { 'zh-CN': v.citationZh.trim(), en: v.citationEn.trim() },
      });
      const latest = next.items[0];
      void message.success(t('rewards.rules.published', { version: latest?.version ?? '' }));
      form.resetFields();
      onDone(next);
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
      open={open}
      title={t('rewards.rules.publishTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('rewards.rules.publish')}
      cancelText={t('rewards.action.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'rule-publish-confirm' } as ButtonProps}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={busy}
        requiredMark={false}
        initialValues={{ majorOnly: true }}
      >
        <Form.Item
          name="effectiveFrom"
          label={t('rewards.rules.effectiveFrom')}
          rules={[{ required: true, message: t('rewards.rules.required') }]}
        >
          <DatePicker style={{ width: '100%', maxWidth: 220 }} data-testid="rule-effective-from" />
        </Form.Item>
        <Form.Item
          name="rate"
          label={t('rewards.rules.ratePercent')}
          rules={[
            { required: true, message: t('rewards.rules.required') },
            {
              validator: async (_, v: string | undefined) =>
                !v || basisPoints(v) !== null ? undefined : Promise.reject(new Error(t('rewards.rules.rateInvalid'))),
            },
          ]}
        >
          <Input inputMode="decimal" suffix="%" data-testid="rule-rate-input" />
        </Form.Item>
        <Form.Item name="min" label={t('rewards.rules.minYuan')} rules={money}>
          <Input inputMode="decimal" prefix="¥" data-testid="rule-min-input" />
        </Form.Item>
        <Form.Item name="max" label={t('rewards.rules.maxYuan')} rules={money}>
          <Input inputMode="decimal" prefix="¥" data-testid="rule-max-input" />
        </Form.Item>
        <Form.Item name="majorOnly" valuePropName="checked">
          <Checkbox>{t('rewards.rules.majorOnlyYes')}</Checkbox>
        </Form.Item>
        <Form.Item
          name="citationZh"
          label={t('rewards.rules.citationZh')}
          rules={[{ required: true, whitespace: true, message: t('rewards.rules.required') }]}
        >
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Form.Item
          name="citationEn"
          label={t('rewards.rules.citationEn')}
          rules={[{ required: true, whitespace: true, message: t('rewards.rules.required') }]}
        >
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
      {problem && <ProblemAlert problem={problem} showDetail={!allFieldsShown(problem, nameOf)} />}
    </Modal>
  );
}
