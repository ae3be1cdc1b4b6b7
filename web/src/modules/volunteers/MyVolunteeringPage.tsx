import { AimOutlined, CameraOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, List, Row, Space, Statistic, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { fromCstPickerValue } from '../../shared/cst';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import { useSubmit } from './VolunteerForms';
import { hoursText, useBilingual, useCatalogue } from './VolunteersParts';
import { volunteersApi } from './volunteers.api';
import type { MyReport, NewPatrol, Patrol } from './volunteers.types';

const EVERY_MS = 30_000;
const STORAGE_KEY = 'gongzhi.patrol';

interface Recording {
  startedAt: string;
  points: [number, number][];
}

function readRecording(): Recording | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Recording) : null;
  } catch {
    return null;
  }
}

function storeRecording(r: Recording | null) {
  try {
    if (r) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(r));
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage unavailable: the recording lasts while the page stays open.
  }
}

/**
 * The patrol recorder: start, then the position every 30 seconds while the page is open, then stop to save. The
 * recording survives a reload of the page (kept on this device until saved).
 */
function useRecorder() {
  const [recording, setRecording] = useState<Recording | null>(() => readRecording());
  const [located, setLocated] = useState(true);
  const ref = useRef(recording);
  ref.current = recording;

  const sample = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setLocated(false);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => {
        const current = ref.current;
        if (!current) return;
        const next = { ...current, points: [...current.points, [p.coords.longitude, p.coords.latitude] as [number, number]] };
        storeRecording(next);
        setRecording(next);
        setLocated(true);
      },
      () => setLocated(false),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 20_000 },
    );
  }, []);

  const active = recording !== null;
  useEffect(() => {
    if (!active) return;
    sample();
    const timer = window.setInterval(sample, EVERY_MS);
    return () => window.clearInterval(timer);
  }, [active, sample]);

  return {
    recording,
    located,
    start: () => {
      const fresh = { startedAt: new Date().toISOString(), points: [] };
      storeRecording(fresh);
      setRecording(fresh);
    },
    clear: () => {
      storeRecording(null);
      setRecording(null);
    },
  };
}

/** A volunteer's or grid worker's phone page: record patrols, see hours and points, report a hazard. */
export default function MyVolunteeringPage() {
  const { t } = useTranslation();
  usePageTitle(t('volunteers.me.title'));
  const format = useFormat();
  const mine = useQuery((signal) => volunteersApi.me(signal), []);
  const reports = useQuery((signal) => volunteersApi.myReports(signal), []);
  const canRank = usePermission('volunteers.ranking.read');
  const catalogue = useCatalogue();
  const me = mine.data;

  return (
    <div data-testid="page-my-volunteering" className="gz-stack" style={{ maxWidth: 640, margin: '0 auto' }}>
      <Typography.Title level={3} className="gz-page-title" style={{ margin: 0 }}>
        {t('volunteers.me.title')}
      </Typography.Title>
      {mine.problem && <ProblemAlert problem={mine.problem} onRetry={mine.reload} />}
      {me && (
        <>
          <Typography.Text type="secondary">
            {me.name} · {t(`volunteers.role.${me.role}`)} {me.areaId ? `· ${catalogue.areaName(me.areaId)}` : ''}
          </Typography.Text>
          {!me.registered && <Alert type="info" showIcon title={t('volunteers.me.notRegistered')} />}
          {me.status === 'suspended' && <Alert type="warning" showIcon title={t('volunteers.me.suspended')} />}
          <Card size="small" title={t('volunteers.me.period', { from: me.period.from, to: me.period.to })}>
            <Row gutter={[12, 12]}>
              <Col span={12}>
                <Statistic title={t('volunteers.me.points')} value={format.number(me.figures.points.total)} data-testid="my-points" />
              </Col>
              <Col span={12}>
                <Statistic
                  title={t('volunteers.me.hours')}
                  value={t('volunteers.me.hoursUnit', { hours: hoursText(me.figures.hours.totalHours, format) })}
                  data-testid="my-hours"
                />
              </Col>
              <Col span={12}>
                <Statistic title={t('volunteers.me.verifiedReports')} value={format.number(me.figures.verifiedReports)} />
              </Col>
              <Col span={12}>
                <Statistic title={t('volunteers.me.patrolsCount')} value={format.number(me.figures.patrols)} />
              </Col>
            </Row>
          </Card>
          {me.status === 'active' && <Recorder onSaved={mine.reload} />}
          <Space wrap>
            <Link to="/report">
              <Button icon={<CameraOutlined />} data-testid="my-report-link">
                {t('volunteers.me.report')}
              </Button>
            </Link>
            {canRank && me.areaId && (
              <Link to={`/volunteers/ranking?areaId=${me.areaId}`}>
                <Button icon={<TrophyOutlined />} data-testid="my-ranking-link">
                  {t('volunteers.me.ranking')}
                </Button>
              </Link>
            )}
          </Space>
          <Typography.Text type="secondary">{t('volunteers.me.reportHint')}</Typography.Text>
          {me.status === 'active' && <ManualPatrol onSaved={mine.reload} />}
          <PatrolList patrols={me.patrols} />
          <ReportList items={reports.data?.items ?? []} />
          <Rule />
        </>
      )}
    </div>
  );
}

function Recorder({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const recorder = useRecorder();
  const [form] = Form.useForm<{ note?: string; finding?: string }>();
  const { run, busy, alert } = useSubmit(form, ['note']);
  const r = recorder.recording;

  const stop = () =>
    run(async () => {
      if (!r) return;
      const v = form.getFieldsValue();
      const body: NewPatrol = {
        startedAt: r.startedAt,
        endedAt: new Date().toISOString(),
        route: r.points.length >= 2 ? { type: 'LineString', coordinates: r.points } : null,
        note: v.note?.trim() || null,
        findings: v.finding?.trim() ? [{ text: v.finding.trim() }] : [],
      };
      await volunteersApi.logPatrol(body);
      recorder.clear();
      form.resetFields();
      void message.success(t('volunteers.me.saved'));
      onSaved();
    });

  return (
    <Card size="small" data-testid="patrol-recorder">
      {alert}
      {r ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text strong data-testid="patrol-recording">
            {t('volunteers.me.recording', { points: format.number(r.points.length), since: format.dateTime(r.startedAt) })}
          </Typography.Text>
          <Typography.Text type="secondary">{t('volunteers.me.recordingHint')}</Typography.Text>
          {!recorder.located && <Alert type="warning" showIcon title={t('volunteers.me.noLocation')} />}
          <Form form={form} layout="vertical">
            <Form.Item name="note" label={t('volunteers.me.note')}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="patrol-note" />
            </Form.Item>
            <Form.Item name="finding" label={t('volunteers.me.finding')}>
              <Input maxLength={500} data-testid="patrol-finding" />
            </Form.Item>
          </Form>
          <Button type="primary" danger block size="large" loading={busy} onClick={() => void stop()} data-testid="patrol-stop">
            {t('volunteers.me.stop')}
          </Button>
        </Space>
      ) : (
        <Button type="primary" block size="large" icon={<AimOutlined />} onClick={recorder.start} data-testid="patrol-start">
          {t('volunteers.me.start')}
        </Button>
      )}
    </Card>
  );
}

interface ManualForm {
  startedAt: Dayjs;
  endedAt: Dayjs;
  note?: string;
  finding?: string;
}

function ManualPatrol({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ManualForm>();
  const { run, busy, alert } = useSubmit(form, ['startedAt', 'endedAt', 'note']);
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Button onClick={() => setOpen(true)} data-testid="patrol-manual-open">
        {t('volunteers.me.manual')}
      </Button>
    );
  return (
    <Card size="small" title={t('volunteers.me.manual')} data-testid="patrol-manual">
      {alert}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          run(async () => {
            await volunteersApi.logPatrol({
              startedAt: fromCstPickerValue(v.startedAt),
              endedAt: fromCstPickerValue(v.endedAt),
              note: v.note?.trim() || null,
              findings: v.finding?.trim() ? [{ text: v.finding.trim() }] : [],
            });
            form.resetFields();
            setOpen(false);
            void message.success(t('volunteers.me.saved'));
            onSaved();
          })
        }
      >
        <Form.Item name="startedAt" label={t('volunteers.me.startedAt')} rules={[{ required: true, message: t('volunteers.required') }]}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            inputReadOnly
            data-testid="manual-start"
          />
        </Form.Item>
        <Form.Item name="endedAt" label={t('volunteers.me.endedAt')} rules={[{ required: true, message: t('volunteers.required') }]}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            inputReadOnly
            data-testid="manual-end"
          />
        </Form.Item>
        <Form.Item name="note" label={t('volunteers.me.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="finding" label={t('volunteers.me.finding')}>
          <Input maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="manual-save">
          {t('volunteers.me.save')}
        </Button>
      </Form>
    </Card>
  );
}

function PatrolList({ patrols }: { patrols: Patrol[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card size="small" title={t('volunteers.me.myPatrols')}>
      <List<Patrol>
        dataSource={patrols}
        locale={{ emptyText: <Empty description={t('volunteers.empty')} /> }}
        data-testid="my-patrols"
        renderItem={(p) => (
          <List.Item data-testid="my-patrol">
            <Space orientation="vertical" size={0}>
              <Typography.Text>
                {format.dateTime(p.startedAt)} – {format.dateTime(p.endedAt)}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('volunteers.col.minutes')} {format.number(p.minutes)}
                {p.findings.length > 0 ? ` · ${p.findings.map((f) => ('text' in f ? f.text : f.reportCode)).join('；')}` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function ReportList({ items }: { items: MyReport[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('volunteers.me.myReports')}>
      <List<MyReport>
        dataSource={items}
        renderItem={(r) => (
          <List.Item extra={<Typography.Text strong>+{format.number(r.points)}</Typography.Text>}>
            <span className="gz-mono">{r.code}</span> · {format.dateTime(r.filedAt)}
          </List.Item>
        )}
      />
    </Card>
  );
}

function Rule() {
  const { t } = useTranslation();
  const text = useBilingual();
  const format = useFormat();
  const rule = useQuery((signal) => volunteersApi.rule(signal), []);
  if (!rule.data) return null;
  const data = rule.data;
  return (
    <Card size="small" title={t('volunteers.me.rule')} data-testid="points-rule">
      <List
        size="small"
        dataSource={Object.entries(data.rule)}
        renderItem={([key, value]) => (
          <List.Item extra={<Typography.Text strong>{format.number(value)}</Typography.Text>}>{text(data.text[key])}</List.Item>
        )}
      />
    </Card>
  );
}
