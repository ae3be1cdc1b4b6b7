import { CameraOutlined, CheckCircleOutlined, PlusOutlined, RedoOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Image,
  Input,
  Progress,
  Result,
  Skeleton,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { fieldErrorMessage } from '../../app/formErrors';
import { ProblemAlert, ProblemResult, problemMessage } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import type { FiledState } from './PublicReportPage';
import { PHOTO_MAX_BYTES, PHOTO_MAX_COUNT, PHOTO_TYPES, type PublicReport, type PublicState, publicReportsApi } from './reports.api';
import { photoRefusal, stepOf, stepStatuses, TRACK_STEPS } from './reports.public';
import './reports.public.css';

/** Tag colour of a public state: blue while it is handled, green when fixed, grey when closed otherwise. */
export const stateColour = (s: PublicState) =>
  s === 'fixed'
    ? 'success'
    : s === 'in_progress'
      ? 'processing'
      : s === 'received' || s === 'verified' || s === 'reopened'
        ? 'blue'
        : 'default';

/**
 * The reporter's tracking page (no account: the token in the link is the key): what was reported,
 * where it stands as steps, the history in Beijing time, and forms to add information or, within
 * 30 days of it being fixed, to ask for it to be reopened.
 */
export default function TrackReportPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const location = useLocation();
  const filed = (location.state as FiledState | null)?.filed;
  const loaded = useQuery((signal) => publicReportsApi.get(token, signal), [token]);
  usePageTitle(loaded.data ? `${t('reports.track.title')} ${loaded.data.code}` : t('reports.track.title'));

  return (
    <div className="gz-report gz-stack" data-testid="page-report-track">
      {filed && <FiledBanner token={token} filed={filed} />}
      {loaded.problem ? (
        loaded.problem.status === 404 ? (
          <Result
            status="404"
            title={t('reports.track.title')}
            subTitle={t('reports.track.notFound')}
            data-testid="report-track-not-found"
          />
        ) : (
          <ProblemResult problem={loaded.problem} onRetry={loaded.reload} />
        )
      ) : !loaded.data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Tracked token={token} report={loaded.data} reload={loaded.reload} />
      )}
      <Link to="/report" className="gz-report-again" data-testid="report-again">
        <PlusOutlined /> {t('reports.track.newReport')}
      </Link>
    </div>
  );
}

/** Shown once, on arrival from the form: the reference and the link to keep. */
function FiledBanner({ token, filed }: { token: string; filed: FiledState['filed'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const link = `${window.location.origin}/report/${encodeURIComponent(token)}`;
  return (
    <Alert
      type="success"
      showIcon
      icon={<CheckCircleOutlined />}
      data-testid="report-filed"
      title={t('reports.public.done.title')}
      description={
        <div className="gz-report-filed">
          <Typography.Text strong data-testid="report-filed-code">
            {t('reports.public.done.code', { code: filed.code })}
          </Typography.Text>
          <Typography.Text>{t('reports.public.done.keep')}</Typography.Text>
          <Typography.Text
            className="gz-report-link gz-mono"
            copyable={{ text: link, tooltips: [t('reports.public.done.copy'), t('reports.public.done.copied')] }}
            data-testid="report-filed-link"
          >
            {link}
          </Typography.Text>
          <Typography.Text type="secondary">{t('reports.public.done.due', { due: format.dateTime(filed.dueAt) })}</Typography.Text>
          {filed.photosFailed > 0 && (
            <Typography.Text type="warning" data-testid="report-filed-photos-failed">
              {t('reports.public.done.photosFailed', { n: filed.photosFailed })}
            </Typography.Text>
          )}
        </div>
      }
    />
  );
}

function Tracked({ token, report, reload }: { token: string; report: PublicReport; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const current = stepOf(report.state);
  const closed = current < 0;
  const statuses = stepStatuses(report.state);
  const reached = new Set(report.history.map((h) => h.state));
  const steps = closed
    ? [
        { title: t('reports.track.steps.received'), status: 'finish' as const },
        ...(reached.has('verified') ? [{ title: t('reports.track.steps.verified'), status: 'finish' as const }] : []),
        {
          title: `${t('reports.track.closed')} · ${t(`reports.state.${report.state}`)}`,
          status: 'finish' as const,
          description: report.stateText[locale],
        },
      ]
    : TRACK_STEPS.map((s, i) => ({
        title: t(`reports.track.steps.${s}`),
        status: statuses?.[i] ?? ('wait' as const),
        ...(i === current ? { description: report.stateText[locale] } : {}),
      }));

  return (
    <>
      <Card className="gz-report-card" data-testid="report-track">
        <div className="gz-report-track-head">
          <Typography.Title level={4} className="gz-mono" data-testid="report-track-code">
            {report.code}
          </Typography.Title>
          <Tag color={stateColour(report.state)} data-testid="report-track-state" data-state={report.state}>
            {t(`reports.state.${report.state}`)}
          </Tag>
        </div>
        <Steps
          orientation="vertical"
          size="small"
          current={closed ? steps.length - 1 : current}
          items={steps}
          className="gz-report-steps"
          data-testid="report-track-steps"
        />
        {report.hazardCode && (report.state === 'in_progress' || report.state === 'fixed') && (
          <Alert
            type={report.state === 'fixed' ? 'success' : 'info'}
            showIcon
            data-testid="report-track-hazard"
            title={t(report.state === 'fixed' ? 'reports.track.hazardFixed' : 'reports.track.hazard', { code: report.hazardCode })}
          />
        )}
        {report.state === 'duplicate' && report.duplicateOf && (
          <Alert
            type="info"
            showIcon
            title={t('reports.track.duplicateOf', { code: report.duplicateOf })}
            data-testid="report-track-duplicate"
          />
        )}
        {report.state === 'not_our_responsibility' && report.referredTo && (
          <Alert
            type="info"
            showIcon
            title={t('reports.track.referredTo', { body: report.referredTo })}
            data-testid="report-track-referred"
          />
        )}
      </Card>

      <Card size="small" className="gz-report-card">
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'category', label: t('reports.track.category'), children: report.service.name[locale] },
            {
              key: 'description',
              label: t('reports.track.description'),
              children: <span className="gz-report-description">{report.description}</span>,
            },
            { key: 'received', label: t('reports.track.received'), children: format.dateTime(report.receivedAt) },
            { key: 'due', label: t('reports.track.due'), children: format.dateTime(report.dueAt) },
            ...(report.agency ? [{ key: 'agency', label: t('reports.track.agency'), children: report.agency }] : []),
          ]}
        />
        {report.canAddInformation && report.photos.length < PHOTO_MAX_COUNT && <AddPhoto token={token} onDone={reload} />}
        {report.photos.length > 0 && (
          <div className="gz-report-track-photos" data-testid="report-track-photos" data-count={report.photos.length}>
            <Image.PreviewGroup>
              {report.photos.map((p) => (
                <Image key={p.url} src={p.url} width={96} height={96} className="gz-report-track-photo" alt={t('reports.track.photos')} />
              ))}
            </Image.PreviewGroup>
          </div>
        )}
      </Card>

      <Card size="small" title={t('reports.track.history')} className="gz-report-card">
        <Timeline
          data-testid="report-track-history"
          items={report.history.map((h, i) => ({
            key: `${h.at}-${i}`,
            content: (
              <div data-testid="report-track-event" data-state={h.state} data-kind={h.kind}>
                <Typography.Text strong>
                  {h.kind === 'information' || h.kind === 'reopen' ? t(`reports.track.kind.${h.kind}`) : t(`reports.state.${h.state}`)}
                </Typography.Text>{' '}
                <Typography.Text type="secondary">{format.dateTime(h.at)}</Typography.Text>
                {h.note && <Typography.Paragraph className="gz-report-note">{h.note}</Typography.Paragraph>}
              </div>
            ),
          }))}
        />
      </Card>

      {report.canAddInformation && (
        <TextForm
          testId="report-info"
          title={t('reports.track.info.title')}
          placeholder={t('reports.track.info.placeholder')}
          required={t('reports.track.info.required')}
          submit={t('reports.track.info.submit')}
          done={t('reports.track.info.done')}
          icon={<PlusOutlined />}
          field="text"
          run={(text) => publicReportsApi.addInformation(token, text)}
          onDone={reload}
        />
      )}
      {report.canReopen && (
        <TextForm
          testId="report-reopen"
          title={t('reports.track.reopen.title')}
          intro={t('reports.track.reopen.intro')}
          placeholder={t('reports.track.reopen.placeholder')}
          required={t('reports.track.reopen.required')}
          submit={t('reports.track.reopen.submit')}
          done={t('reports.track.reopen.done')}
          icon={<RedoOutlined />}
          field="reason"
          run={(reason) => publicReportsApi.reopen(token, reason)}
          onDone={reload}
        />
      )}
    </>
  );
}

/** One text box and a button: adding information, or asking to reopen. Field errors come back beside the box. */
function TextForm({
  testId,
  title,
  intro,
  placeholder,
  required,
  submit,
  done,
  icon,
  field,
  run,
  onDone,
}: {
  testId: string;
  title: string;
  intro?: string;
  placeholder: string;
  required: string;
  submit: string;
  done: string;
  icon: ReactNode;
  /** The body member the server names in its errors. */
  field: string;
  run: (text: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const onFinish = async ({ text }: { text: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      await run(text.trim());
      form.resetFields();
      void message.success(done);
      onDone();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      const mine = error.bodyFieldErrors.find((f) => f.field === field);
      if (mine) form.setFields([{ name: 'text', errors: [fieldErrorMessage(mine.detail, t)] }]);
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={title} className="gz-report-card" data-testid={testId}>
      {intro && <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={busy}>
        <Form.Item name="text" rules={[{ required: true, whitespace: true, message: required }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={placeholder} data-testid={`${testId}-text`} />
        </Form.Item>
        {problem && <ProblemAlert problem={problem} testId={`${testId}-problem`} />}
        <Button type="primary" htmlType="submit" icon={icon} loading={busy} block data-testid={`${testId}-submit`}>
          {submit}
        </Button>
      </Form>
    </Card>
  );
}

/** One more photo while the report takes information: checked here against the server's limits, sent with its progress. */
function AddPhoto({ token, onDone }: { token: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mb = Math.round(PHOTO_MAX_BYTES / 1024 / 1024);

  const send = async (file: File | undefined) => {
    if (input.current) input.current.value = '';
    if (!file) return;
    setError(null);
    const refusal = photoRefusal(file, 0);
    if (refusal) {
      setError(t(`reports.public.photos.${refusal}`, { name: file.name, mb, max: PHOTO_MAX_COUNT }));
      return;
    }
    setProgress(0);
    try {
      await publicReportsApi.addPhoto(token, file, {
        onProgress: (sent, total) => setProgress(total > 0 ? Math.round((sent / total) * 100) : 0),
      });
      void message.success(t('reports.track.photoAdded'));
      onDone();
    } catch (e) {
      if (!isApiProblem(e)) throw e;
      const field = e.bodyFieldErrors[0];
      setError(
        t('reports.public.photoFailed', {
          name: file.name,
          reason: field ? fieldErrorMessage(field.detail, t) : problemMessage(e, t, i18n.language),
        }),
      );
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="gz-report-add-photo" data-testid="report-track-add-photo">
      <Button
        icon={<CameraOutlined />}
        onClick={() => input.current?.click()}
        loading={progress !== null}
        data-testid="report-track-add-photo-button"
      >
        {t('reports.track.addPhoto')}
      </Button>
      <input
        ref={input}
        type="file"
        accept={PHOTO_TYPES.join(',')}
        style={{ display: 'none' }}
        onChange={(e) => void send(e.target.files?.[0])}
        data-testid="report-track-add-photo-input"
      />
      {progress !== null && <Progress percent={progress} size="small" />}
      {error && <Alert type="warning" showIcon title={error} data-testid="report-track-add-photo-error" />}
    </div>
  );
}
