import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Result, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useLabels } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import { ServiceTags, useMoney } from './EntrustmentParts';
import { entrustmentApi } from './entrustment.api';
import type { EffectiveStatus, VerifiedEntrustment } from './entrustment.types';

/** Unified social credit code (GB 32100): 18 characters of digits and capitals without I, O, S, V, Z. */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Green only when in force; upcoming is grey (not yet), everything else red. */
const tone = (status: EffectiveStatus) => (status === 'in_force' ? 'ok' : status === 'upcoming' ? 'pending' : 'bad');

/**
 * Public and phone-first: an enterprise checks at the door that a visiting
 * provider is entrusted (and entrusted for it); or an inspector shows it.
 */
export default function VerifyPage() {
  const { t } = useTranslation();
  usePageTitle(t('verify.title'));
  const { code } = useParams();
  return (
    <div data-testid="page-verify" className="gz-verify">
      {code ? <Verification code={code.trim().toUpperCase()} /> : <CodeForm />}
    </div>
  );
}

function CodeForm({ initial }: { initial?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('verify.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('verify.intro')}</Typography.Paragraph>
      <Form<{ code: string }>
        layout="vertical"
        requiredMark={false}
        initialValues={{ code: initial ?? '' }}
        onFinish={({ code }) => navigate(`/verify/${encodeURIComponent(code.trim().toUpperCase())}`)}
      >
        <Form.Item
          name="code"
          label={t('verify.codeLabel')}
          rules={[{ required: true, whitespace: true, message: t('verify.codeRequired') }]}
        >
          <Input
            size="large"
            maxLength={16}
            placeholder={t('verify.codePlaceholder')}
            className="gz-mono"
            autoCapitalize="characters"
            autoComplete="off"
            data-testid="verify-code-input"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block icon={<SearchOutlined />} data-testid="verify-open">
          {t('verify.open')}
        </Button>
      </Form>
    </Card>
  );
}

function Verification({ code }: { code: string }) {
  const { t } = useTranslation();
  const result = useQuery((signal) => entrustmentApi.verify(code, undefined, signal), [code]);

  if (result.problem && (result.problem.status === 404 || result.problem.status === 400)) {
    return (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Result
          status="warning"
          title={t('verify.notFound')}
          subTitle={
            <>
              <span className="gz-mono">{code}</span>
              <br />
              {t('verify.notFoundHint')}
            </>
          }
          data-testid="verify-not-found"
        />
        <CodeForm initial={code} />
      </Space>
    );
  }
  if (result.problem) return <ProblemAlert problem={result.problem} onRetry={result.reload} />;
  if (!result.data)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  return <VerifiedCard entrustment={result.data} code={code} />;
}

function VerifiedCard({ entrustment, code }: { entrustment: VerifiedEntrustment; code: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const format = useFormat();
  const money = useMoney();
  const [checkedAt] = useState(() => new Date());
  const kind = tone(entrustment.status);
  const Icon = kind === 'ok' ? CheckCircleFilled : kind === 'pending' ? ExclamationCircleFilled : CloseCircleFilled;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className={`gz-verify-banner gz-verify-${kind}`} data-testid="verify-status" data-status={entrustment.status} role="status">
        <Icon className="gz-verify-icon" aria-hidden />
        <div>
          <div className="gz-verify-verdict">{kind === 'ok' ? t('verify.inForce') : t('verify.notInForce')}</div>
          <div className="gz-verify-status">{labels.entrustmentStatus(entrustment.status)}</div>
        </div>
      </div>
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="verify-title">
          {entrustment.title}
        </Typography.Title>
        <Descriptions
          layout="vertical"
          size="small"
          column={1}
          colon={false}
          items={[
            {
              key: 'provider',
              label: t('verify.provider'),
              children: (
                <Typography.Text strong style={{ fontSize: 18 }} data-testid="verify-provider">
                  {entrustment.provider.name}
                </Typography.Text>
              ),
            },
            {
              key: 'regulator',
              label: t('verify.regulator'),
              children: <span data-testid="verify-regulator">{entrustment.regulator.name}</span>,
            },
            { key: 'services', label: t('verify.services'), children: <ServiceTags services={entrustment.services} /> },
            {
              key: 'validity',
              label: t('verify.validity'),
              children: (
                <span data-testid="verify-validity">
                  {t('entrustments.validityRange', {
                    from: format.dateTime(entrustment.validFrom),
                    until: format.dateTime(entrustment.validUntil),
                  })}
                </span>
              ),
            },
            {
              key: 'count',
              label: t('verify.enterpriseCount'),
              children: <span data-testid="verify-enterprise-count">{format.number(entrustment.enterpriseCount)}</span>,
            },
            { key: 'value', label: t('verify.value'), children: money(entrustment.contractValue) },
            { key: 'code', label: t('verify.codeLabel'), children: <span className="gz-mono gz-code">{entrustment.code}</span> },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('verify.checkedAt', { at: format.dateTime(checkedAt) })}
        </Typography.Text>
      </Card>
      <CoverCheck key={code} code={code} status={entrustment.status} />
    </Space>
  );
}

/** Whether the entrustment names one enterprise, asked by its credit code. */
function CoverCheck({ code, status }: { code: string; status: EffectiveStatus }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ creditCode: string }>();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ creditCode: string; covers: boolean } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const check = async ({ creditCode }: { creditCode: string }) => {
    const normalised = creditCode.trim().toUpperCase();
    setBusy(true);
    setProblem(null);
    try {
      const result = await entrustmentApi.verify(code, normalised);
      setAnswer({ creditCode: normalised, covers: result.covers === true });
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setAnswer(null);
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('verify.coverTitle')}>
      <Form<{ creditCode: string }>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={check}
        onValuesChange={() => {
          setAnswer(null);
          setProblem(null);
        }}
      >
        <Form.Item label={t('verify.creditCode')} htmlFor="verify-credit-code" style={{ marginBottom: 12 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="creditCode"
              noStyle
              normalize={(value: string) => value.toUpperCase()}
              rules={[
                { required: true, pattern: CREDIT_CODE, message: t('verify.creditCodeInvalid'), transform: (v: string) => v?.trim() },
              ]}
            >
              <Input
                id="verify-credit-code"
                size="large"
                maxLength={18}
                placeholder={t('verify.creditCodePlaceholder')}
                className="gz-mono"
                autoCapitalize="characters"
                autoComplete="off"
                data-testid="verify-credit-code"
              />
            </Form.Item>
            <Button type="primary" size="large" htmlType="submit" loading={busy} data-testid="verify-check">
              {t('verify.check')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
      {answer && (
        <Alert
          showIcon
          type={answer.covers ? (status === 'in_force' ? 'success' : 'warning') : 'error'}
          data-testid="verify-covers"
          data-covers={String(answer.covers)}
          title={answer.covers ? (status === 'in_force' ? t('verify.covers') : t('verify.coversNotInForce')) : t('verify.notCovers')}
          description={<span className="gz-mono">{answer.creditCode}</span>}
        />
      )}
      {problem && <ProblemAlert problem={problem} />}
    </Card>
  );
}
