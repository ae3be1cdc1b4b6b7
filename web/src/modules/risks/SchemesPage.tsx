import { App, Button, Card, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Skeleton, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { useFormProblem } from './formProblem';
import { LevelTag, useBilingual } from './RiskParts';
import { risksApi } from './risks.api';
import './risks.css';
import { type Band, levelColours, type RiskLevel, riskLevels, type Scheme, type SchemeList, tiers } from './risks.types';
import { bandsWithEdges, edgesOf, intervalText } from './schemeBands';

/**
 * The assessment scheme in force for the caller's area: LEC and LS value tables, the band edges
 * that turn D and R into the four levels, the LS matrix and the control tiers, with the versions
 * published for the area. The head of a regulator may publish a new version with other band edges;
 * assessments made before keep the version they used.
 */
export default function SchemesPage() {
  const { t } = useTranslation();
  usePageTitle(t('risks.schemes.title'));
  const list = useQuery((signal) => risksApi.schemes(undefined, signal), []);
  const [publishing, setPublishing] = useState(false);
  const data = list.data;

  return (
    <div className="gz-stack" data-testid="page-risk-schemes">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('risks.schemes.title')}
          {data?.area ? <Typography.Text type="secondary"> · {data.area.name}</Typography.Text> : null}
        </Typography.Title>
        <Space wrap>
          <Link to="/risks">{t('risks.schemes.back')}</Link>
          {data?.abilities.publish && data.area ? (
            <Button type="primary" onClick={() => setPublishing(true)} data-testid="scheme-publish">
              {t('risks.schemes.publish')}
            </Button>
          ) : null}
        </Space>
      </div>
      {list.problem ? <ProblemAlert problem={list.problem} onRetry={list.reload} /> : null}
      {!data ? <Skeleton active /> : <SchemeView list={data} />}
      {publishing && data?.area ? (
        <PublishDrawer
          areaId={data.area.id}
          base={data.effective}
          onClose={() => setPublishing(false)}
          onPublished={() => {
            setPublishing(false);
            list.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function SchemeView({ list }: { list: SchemeList }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useBilingual();
  const s = list.effective;
  return (
    <>
      <Card size="small" data-testid="scheme-effective" data-version={s.version}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('risks.schemes.inForce')}>
            <span data-testid="scheme-effective-line">
              {t('risks.assess.schemeLine', { version: s.version, area: s.areaName ?? t('risks.scheme.national') })}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('risks.schemes.publishedAt')}>
            {format.dateTime(s.publishedAt)}
            {s.publishedBy ? ` · ${s.publishedBy.name}` : ''}
          </Descriptions.Item>
          {s.note ? <Descriptions.Item label={t('risks.schemes.note')}>{s.note}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <div className="gz-scheme-grid">
        <Card size="small" title={t('risks.schemes.lecBands')}>
          <BandTable bands={s.lec.bands} testId="scheme-lec-bands" variable="D" />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('risks.schemes.lecValues', {
              l: s.lec.likelihood.map((v) => v.value).join(' / '),
              e: s.lec.exposure.map((v) => v.value).join(' / '),
              c: s.lec.consequence.map((v) => v.value).join(' / '),
            })}
          </Typography.Paragraph>
        </Card>
        <Card size="small" title={t('risks.schemes.lsBands')}>
          <BandTable bands={s.ls.bands} testId="scheme-ls-bands" variable="R" />
          <LsMatrix scheme={s} />
        </Card>
      </div>
      <Card size="small" title={t('risks.point.tiers')}>
        <Table
          size="small"
          pagination={false}
          rowKey="level"
          scroll={{ x: true }}
          dataSource={riskLevels.map((level) => ({ level }))}
          columns={[
            { key: 'level', title: t('risks.point.level'), render: (_, r) => <LevelTag level={r.level} /> },
            ...tiers.map((tier) => ({
              key: tier,
              title: t(`risks.tier.${tier}`),
              render: (_: unknown, r: { level: RiskLevel }) => {
                const duty = s.tiers[r.level][tier];
                return duty === 'none' ? '—' : t(`risks.tiers.${duty}`);
              },
            })),
          ]}
        />
      </Card>
      <Card size="small" title={t('risks.schemes.versions')}>
        {list.items.length === 0 ? (
          <Empty description={t('risks.schemes.noOwn')} />
        ) : (
          <List
            size="small"
            dataSource={list.items}
            data-testid="scheme-versions"
            renderItem={(v) => (
              <List.Item data-testid={`scheme-version-${v.version}`}>
                <Space wrap size={8}>
                  <Typography.Text strong>v{v.version}</Typography.Text>
                  <span>{format.dateTime(v.publishedAt)}</span>
                  {v.publishedBy ? <span>{v.publishedBy.name}</span> : null}
                  {v.note ? <Typography.Text type="secondary">{v.note}</Typography.Text> : null}
                  <Typography.Text type="secondary">
                    {v.lec.bands.map((b) => `${text(b.meaning)} ${intervalText(b.interval)}`).join('；')}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}

function BandTable({ bands, testId, variable }: { bands: Band[]; testId: string; variable: string }) {
  const { t } = useTranslation();
  const text = useBilingual();
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="index"
      // Highest first, each keeping its place from the lowest (0) as its test id.
      dataSource={bands.map((b, index) => ({ ...b, index })).reverse()}
      data-testid={testId}
      columns={[
        { key: 'level', title: t('risks.point.level'), render: (_, b) => <LevelTag level={b.level} /> },
        {
          key: 'interval',
          title: variable,
          render: (_, b) => (
            <span data-testid={`${testId}-${b.index}`} data-level={b.level}>
              {intervalText(b.interval)}
            </span>
          ),
        },
        { key: 'meaning', title: t('risks.schemes.meaning'), render: (_, b) => text(b.meaning) },
      ]}
    />
  );
}

/** The 5 × 5 LS matrix: likelihood down, severity across, each cell in its level's colour. */
function LsMatrix({ scheme }: { scheme: Scheme }) {
  const { t } = useTranslation();
  const rows = scheme.ls.matrix;
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">{t('risks.schemes.matrix')}</Typography.Text>
      <table className="gz-ls-matrix" data-testid="scheme-ls-matrix">
        <thead>
          <tr>
            <th>L \ S</th>
            {scheme.ls.severity.map((s) => (
              <th key={s.value}>{s.value}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...rows.keys()].reverse().map((li) => (
            <tr key={li}>
              <th>{scheme.ls.likelihood[li]?.value ?? li + 1}</th>
              {(rows[li] ?? []).map((level, si) => (
                <td
                  key={`${li}-${scheme.ls.severity[si]?.value ?? si}`}
                  style={{ background: levelColours[level] }}
                  title={t(`risks.level.${level}`)}
                >
                  {(scheme.ls.likelihood[li]?.value ?? li + 1) * (scheme.ls.severity[si]?.value ?? si + 1)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface PublishValues {
  lecEdges: number[];
  lsEdges: number[];
  note?: string;
}

const nameOfField = (field: string) => {
  if (field.startsWith('lec.bands')) return ['lecEdges'];
  if (field.startsWith('ls.bands')) return ['lsEdges'];
  return field === 'note' ? ['note'] : null;
};

/** A new version with other band edges; the value tables and tiers are carried over from the version in force. */
function PublishDrawer({
  areaId,
  base,
  onClose,
  onPublished,
}: {
  areaId: string;
  base: Scheme;
  onClose: () => void;
  onPublished: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<PublishValues>();
  const problem = useFormProblem(form, nameOfField);
  const [saving, setSaving] = useState(false);

  async function submit(v: PublishValues) {
    problem.clear();
    setSaving(true);
    try {
      const lsBands = bandsWithEdges(base.ls.bands, v.lsEdges);
      const lsChanged = JSON.stringify(lsBands) !== JSON.stringify(base.ls.bands);
      const saved = await risksApi.publishScheme({
        areaId,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        lec: { ...pickTables(base.lec), bands: bandsWithEdges(base.lec.bands, v.lecEdges) },
        // New LS edges redraw the matrix from the bands; otherwise the matrix in force is kept.
        ls: {
          likelihood: base.ls.likelihood,
          severity: base.ls.severity,
          bands: lsBands,
          ...(lsChanged ? {} : { matrix: base.ls.matrix }),
        },
        tiers: base.tiers,
      });
      message.success(t('risks.schemes.published', { version: saved.version }));
      onPublished();
    } catch (error) {
      problem.show(error);
    } finally {
      setSaving(false);
    }
  }

  const edgeFields = (name: 'lecEdges' | 'lsEdges', bands: Band[]) =>
    edgesOf(bands).map((_, i) => {
      const below = bands[i];
      const above = bands[i + 1];
      return (
        <Form.Item
          // biome-ignore lint/suspicious/noArrayIndexKey: the edges are positional.
          key={i}
          name={[name, i]}
          label={`${below ? t(`risks.level.${below.level}`) : ''} | ${above ? t(`risks.level.${above.level}`) : ''}`}
          rules={[{ required: true, message: t('risks.common.required') }]}
        >
          <InputNumber style={{ width: 160 }} data-testid={`${name === 'lecEdges' ? 'scheme-lec-edge' : 'scheme-ls-edge'}-${i}`} />
        </Form.Item>
      );
    });

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('risks.schemes.publishTitle', { version: base.version + 1 })}
      size={isPhone ? '100%' : 560}
      destroyOnHidden
      data-testid="scheme-publish-drawer"
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="scheme-publish-save">
          {t('risks.schemes.publish')}
        </Button>
      }
    >
      <Form<PublishValues>
        form={form}
        layout="vertical"
        initialValues={{ lecEdges: edgesOf(base.lec.bands), lsEdges: edgesOf(base.ls.bands) }}
        onFinish={submit}
      >
        {problem.alert ? <div style={{ marginBottom: 16 }}>{problem.alert}</div> : null}
        <Typography.Paragraph type="secondary">{t('risks.schemes.publishHint')}</Typography.Paragraph>
        <Typography.Text strong>{t('risks.schemes.lecEdges')}</Typography.Text>
        <Space wrap>{edgeFields('lecEdges', base.lec.bands)}</Space>
        <Typography.Text strong>{t('risks.schemes.lsEdges')}</Typography.Text>
        <Space wrap>{edgeFields('lsEdges', base.ls.bands)}</Space>
        <Form.Item name="note" label={t('risks.schemes.note')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="scheme-note" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

const pickTables = (lec: Scheme['lec']) => ({ likelihood: lec.likelihood, exposure: lec.exposure, consequence: lec.consequence });
