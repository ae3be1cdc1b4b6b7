import { App, Button, Checkbox, Drawer, Form, Input, Select, Skeleton, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../app/api';
import { useQuery } from '../../app/useQuery';
import { useIsPhone } from '../../shared/useMediaQuery';
import { useFormProblem } from './formProblem';
import { LevelTag, useBilingual } from './RiskParts';
import { risksApi } from './risks.api';
import { type AssessRequest, type Graded, type Method, type PointDetail, type RiskLevel, type RiskPoint, riskLevels } from './risks.types';

interface Values {
  methods: Method[];
  lecL?: number;
  lecE?: number;
  lecC?: number;
  lsL?: number;
  lsS?: number;
  directLevel?: RiskLevel;
  directBasis?: string;
  note?: string;
}

const nameOf = (field: string) => {
  const map: Record<string, string> = {
    'lec.l': 'lecL',
    'lec.e': 'lecE',
    'lec.c': 'lecC',
    'ls.l': 'lsL',
    'ls.s': 'lsS',
    'direct.level': 'directLevel',
    'direct.basis': 'directBasis',
    note: 'note',
  };
  const name = map[field];
  return name ? [name] : null;
};

/** The request the form stands for, or null while a chosen method is incomplete. */
function requestOf(v: Partial<Values>): Omit<AssessRequest, 'note'> | null {
  const methods = v.methods ?? [];
  if (methods.length === 0) return null;
  const body: Omit<AssessRequest, 'note'> = {};
  if (methods.includes('lec')) {
    if (v.lecL === undefined || v.lecE === undefined || v.lecC === undefined) return null;
    body.lec = { l: v.lecL, e: v.lecE, c: v.lecC };
  }
  if (methods.includes('ls')) {
    if (v.lsL === undefined || v.lsS === undefined) return null;
    body.ls = { l: v.lsL, s: v.lsS };
  }
  if (methods.includes('direct')) {
    if (!v.directLevel || !v.directBasis?.trim()) return null;
    body.direct = { level: v.directLevel, basis: v.directBasis.trim() };
  }
  return body;
}

/**
 * Assesses a risk point by LEC, the LS matrix and/or direct determination under the
 * scheme in force, showing the level the server computes as the form is filled in.
 */
export function AssessDrawer({
  open,
  point,
  schemeId,
  onClose,
  onSaved,
}: {
  open: boolean;
  point: RiskPoint;
  schemeId: string;
  onClose: () => void;
  onSaved: (point: PointDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const text = useBilingual();
  const [form] = Form.useForm<Values>();
  const problem = useFormProblem(form, nameOf);
  const scheme = useQuery((signal) => risksApi.scheme(schemeId, signal), [schemeId]);
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const methods = values?.methods ?? [];
  const [preview, setPreview] = useState<Graded | null>(null);
  const [saving, setSaving] = useState(false);
  const generation = useRef(0);

  // The level as the server grades it, a moment after the last change.
  const request = values ? requestOf(values) : null;
  const requestKey = JSON.stringify(request);
  // biome-ignore lint/correctness/useExhaustiveDependencies: requestKey stands for request.
  useEffect(() => {
    const body = request;
    const mine = ++generation.current;
    if (!body) {
      setPreview(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      risksApi.grade(schemeId, body, controller.signal).then(
        (graded) => mine === generation.current && setPreview(graded),
        (error: unknown) => {
          if (mine === generation.current && isApiProblem(error)) setPreview(null);
        },
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [requestKey, schemeId]);

  async function submit(v: Values) {
    problem.clear();
    const body = requestOf(v);
    if (!body) return;
    setSaving(true);
    try {
      const saved = await risksApi.assess(point.id, { ...body, ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      message.success(t('risks.assess.saved', { level: t(`risks.level.${saved.level ?? 'none'}`) }));
      onSaved(saved);
    } catch (error) {
      problem.show(error);
    } finally {
      setSaving(false);
    }
  }

  const s = scheme.data;
  const tableOptions = (table: { value: number; meaning: { 'zh-CN': string; en: string } }[], testId: string) =>
    table.map((v) => ({
      value: v.value,
      label: (
        <span data-testid={`${testId}-${v.value}`}>
          {v.value} · {text(v.meaning)}
        </span>
      ),
    }));

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('risks.assess.title', { name: point.name })}
      size={isPhone ? '100%' : 600}
      destroyOnHidden
      data-testid="risk-assess-drawer"
      extra={
        <Button type="primary" loading={saving} disabled={!request} onClick={() => form.submit()} data-testid="risk-assess-save">
          {t('risks.common.save')}
        </Button>
      }
    >
      {!s ? (
        <Skeleton active />
      ) : (
        <Form<Values> form={form} layout="vertical" initialValues={{ methods: ['lec'] }} onFinish={submit}>
          {problem.alert ? <div style={{ marginBottom: 16 }}>{problem.alert}</div> : null}
          <Typography.Paragraph type="secondary">
            {t('risks.assess.schemeLine', { version: s.version, area: s.areaName ?? t('risks.scheme.national') })}
          </Typography.Paragraph>
          <Form.Item name="methods" label={t('risks.assess.methods')} rules={[{ required: true, message: t('risks.assess.pickMethod') }]}>
            <Checkbox.Group
              options={(['lec', 'ls', 'direct'] as const).map((m) => ({
                value: m,
                label: <span data-testid={`risk-method-${m}`}>{t(`risks.method.${m}`)}</span>,
              }))}
            />
          </Form.Item>
          {methods.includes('lec') && (
            <fieldset className="gz-fieldset" data-testid="risk-lec">
              <Typography.Text strong>{t('risks.method.lecLong')}</Typography.Text>
              <Form.Item name="lecL" label={t('risks.assess.lecL')} rules={[{ required: true, message: t('risks.common.required') }]}>
                <Select
                  options={tableOptions(s.lec.likelihood, 'risk-lec-l')}
                  data-testid="risk-lec-l"
                  aria-label={t('risks.assess.lecL')}
                />
              </Form.Item>
              <Form.Item name="lecE" label={t('risks.assess.lecE')} rules={[{ required: true, message: t('risks.common.required') }]}>
                <Select options={tableOptions(s.lec.exposure, 'risk-lec-e')} data-testid="risk-lec-e" aria-label={t('risks.assess.lecE')} />
              </Form.Item>
              <Form.Item name="lecC" label={t('risks.assess.lecC')} rules={[{ required: true, message: t('risks.common.required') }]}>
                <Select
                  options={tableOptions(s.lec.consequence, 'risk-lec-c')}
                  data-testid="risk-lec-c"
                  aria-label={t('risks.assess.lecC')}
                />
              </Form.Item>
            </fieldset>
          )}
          {methods.includes('ls') && (
            <fieldset className="gz-fieldset" data-testid="risk-ls">
              <Typography.Text strong>{t('risks.method.lsLong')}</Typography.Text>
              <Form.Item name="lsL" label={t('risks.assess.lsL')} rules={[{ required: true, message: t('risks.common.required') }]}>
                <Select options={tableOptions(s.ls.likelihood, 'risk-ls-l')} data-testid="risk-ls-l" aria-label={t('risks.assess.lsL')} />
              </Form.Item>
              <Form.Item name="lsS" label={t('risks.assess.lsS')} rules={[{ required: true, message: t('risks.common.required') }]}>
                <Select options={tableOptions(s.ls.severity, 'risk-ls-s')} data-testid="risk-ls-s" aria-label={t('risks.assess.lsS')} />
              </Form.Item>
            </fieldset>
          )}
          {methods.includes('direct') && (
            <fieldset className="gz-fieldset" data-testid="risk-direct">
              <Typography.Text strong>{t('risks.method.directLong')}</Typography.Text>
              <Form.Item
                name="directLevel"
                label={t('risks.assess.directLevel')}
                rules={[{ required: true, message: t('risks.common.required') }]}
              >
                <Select
                  options={riskLevels.map((l) => ({ value: l, label: t(`risks.level.${l}`) }))}
                  data-testid="risk-direct-level"
                  aria-label={t('risks.assess.directLevel')}
                />
              </Form.Item>
              <Form.Item
                name="directBasis"
                label={t('risks.assess.directBasis')}
                rules={[{ required: true, whitespace: true, message: t('risks.common.required') }]}
              >
                <Input maxLength={500} placeholder={t('risks.assess.directBasisPlaceholder')} data-testid="risk-direct-basis" />
              </Form.Item>
            </fieldset>
          )}
          <Form.Item name="note" label={t('risks.assess.note')}>
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
          <div className="gz-risk-preview" data-testid="risk-assess-preview" aria-live="polite">
            <Typography.Text>{t('risks.assess.result')}</Typography.Text>
            {preview ? (
              <>
                <LevelTag level={preview.level} testId="risk-assess-level" />
                <Space size={12} wrap>
                  {preview.lec ? (
                    <Typography.Text data-testid="risk-assess-d">
                      D = {preview.lec.d} · {t(`risks.level.${preview.lec.level}`)}
                    </Typography.Text>
                  ) : null}
                  {preview.ls ? (
                    <Typography.Text data-testid="risk-assess-r">
                      R = {preview.ls.r} · {t(`risks.level.${preview.ls.level}`)}
                    </Typography.Text>
                  ) : null}
                  {preview.direct ? (
                    <Typography.Text>
                      {t('risks.method.direct')} · {t(`risks.level.${preview.direct.level}`)}
                    </Typography.Text>
                  ) : null}
                </Space>
                {preview.decidedBy.length < methods.length ? (
                  <Typography.Text type="secondary">
                    {t('risks.assess.stricterWins', { methods: preview.decidedBy.map((m) => t(`risks.method.${m}`)).join('、') })}
                  </Typography.Text>
                ) : null}
              </>
            ) : (
              <Typography.Text type="secondary" data-testid="risk-assess-incomplete">
                {t('risks.assess.incomplete')}
              </Typography.Text>
            )}
          </div>
        </Form>
      )}
    </Drawer>
  );
}
