import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { type HTMLAttributes, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { type ApiProblem, isApiProblem, type UploadOptions } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import type { BilingualText, ImportJob, ImportRefusal, ImportStatus } from './directory.types';

/** How often a running import is asked for its progress. */
const POLL_MS = 500;
const ACCEPT = '.csv,.xlsx';

/** On a phone the refused rows are cards, and only so many: the whole list is the download. */
const PHONE_REFUSALS = 50;
const refusalKey = (row: ImportRefusal) => `${row.line}:${row.column ?? ''}:${row.reason}`;

const statusColours: Record<ImportStatus, string> = { running: 'processing', succeeded: 'success', failed: 'error' };

/** The server's bilingual message in the interface language. */
function useBilingual() {
  const { i18n } = useTranslation();
  return (text: BilingualText) => (i18n.language === 'en' ? text.en : text['zh-CN']);
}

/** What differs between the imports: the words, where the file goes, and where its job is read. */
export interface ImportScreenProps {
  /** `data-testid` of the page. */
  testId: string;
  title: string;
  intro: string;
  back: { to: string; label: string };
  dropHint: string;
  template: { url: string; label: string; hint: string };
  /** A note under the report, e.g. that personal data is shown masked. */
  reportNote?: string;
  /** Sends the file; the answer names the job (and may be the whole job, which is then shown at once). */
  start: (file: File, options: UploadOptions) => Promise<{ id: string } | ImportJob>;
  getJob: (id: string, signal: AbortSignal) => Promise<ImportJob>;
  refusalsUrl: (id: string) => string;
}

const isJob = (answer: { id: string } | ImportJob): answer is ImportJob => 'fileName' in answer && 'refusals' in answer;

/**
 * Importing a file (an enterprise register, people): drop a CSV or XLSX file,
 * watch it go up, then watch the server read it, then its report. The job's id
 * sits in the address (`?job=`), so a reload or a shared link shows the same report.
 */
export function ImportScreen({
  testId,
  title,
  intro,
  back,
  dropHint,
  template,
  reportNote,
  start: send,
  getJob,
  refusalsUrl,
}: ImportScreenProps) {
  const { t } = useTranslation();
  usePageTitle(title);
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const [upload, setUpload] = useState<{ fileName: string; sent: number; total: number } | null>(null);
  const [uploadProblem, setUploadProblem] = useState<ApiProblem | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [pollProblem, setPollProblem] = useState<ApiProblem | null>(null);
  const [pollGeneration, setPollGeneration] = useState(0);

  // Ask for the job until it has finished; a job seeded by the upload's answer is asked about at once too.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `pollGeneration` restarts polling after a failure.
  useEffect(() => {
    if (!jobId) {
      setJob(null);
      return;
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await getJob(jobId, controller.signal);
        if (controller.signal.aborted) return;
        setJob(next);
        setPollProblem(null);
        if (next.status === 'running') timer = setTimeout(poll, POLL_MS);
      } catch (error) {
        if (controller.signal.aborted) return;
        if (isApiProblem(error)) setPollProblem(error);
      }
    };
    void poll();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [jobId, pollGeneration, getJob]);

  const start = async (file: File) => {
    setUploadProblem(null);
    setUpload({ fileName: file.name, sent: 0, total: file.size });
    try {
      const started = await send(file, {
        onProgress: (sent, total) => setUpload({ fileName: file.name, sent, total }),
      });
      if (isJob(started)) setJob(started);
      setParams({ job: started.id });
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setUploadProblem(error);
    } finally {
      setUpload(null);
    }
  };

  const again = () => {
    setJob(null);
    setPollProblem(null);
    setUploadProblem(null);
    setParams({});
  };

  const shown = job && job.id === jobId ? job : null;
  const busy = upload !== null || shown?.status === 'running';

  return (
    <div data-testid={testId} className="gz-stack">
      <div>
        <Link to={back.to}>
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {back.label}
          </Button>
        </Link>
        <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 4 }}>
          {title}
        </Typography.Title>
        <Typography.Text type="secondary">{intro}</Typography.Text>
      </div>

      {!jobId && (
        <Card size="small">
          {/* The test id sits on a wrapper so that `[data-testid=import-upload] input[type=file]` reaches the file input. */}
          <div data-testid="import-upload">
            <Upload.Dragger
              accept={ACCEPT}
              multiple={false}
              showUploadList={false}
              disabled={busy}
              // The file is sent by our own client (CSRF token, progress, problems), not by the Upload's.
              beforeUpload={(file) => {
                void start(file);
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('import.drop')}</p>
              <p className="ant-upload-hint">{dropHint}</p>
            </Upload.Dragger>
          </div>
          <div className="gz-import-links">
            <Typography.Link href={template.url} download data-testid="import-template">
              <DownloadOutlined /> {template.label}
            </Typography.Link>
            <Typography.Text type="secondary">{template.hint}</Typography.Text>
          </div>
          {upload && <UploadProgress {...upload} />}
          {uploadProblem && (
            <div style={{ marginTop: 16 }}>
              <ProblemAlert problem={uploadProblem} testId="import-upload-problem" />
            </div>
          )}
        </Card>
      )}

      {jobId && !shown && pollProblem && <ProblemAlert problem={pollProblem} onRetry={() => setPollGeneration((n) => n + 1)} />}
      {shown && (
        <>
          <JobCard job={shown} onAgain={again} />
          {pollProblem && shown.status === 'running' && (
            <ProblemAlert problem={pollProblem} onRetry={() => setPollGeneration((n) => n + 1)} />
          )}
          {shown.status === 'succeeded' && <Outcome job={shown} />}
          {shown.refused > 0 && shown.status !== 'failed' && <Refusals job={shown} downloadUrl={refusalsUrl(shown.id)} />}
          {reportNote && shown.status !== 'running' && (
            <Typography.Text type="secondary" data-testid="import-report-note">
              {reportNote}
            </Typography.Text>
          )}
        </>
      )}
    </div>
  );
}

/** Also used by the vehicle register import. */
export function UploadProgress({ fileName, sent, total }: { fileName: string; sent: number; total: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
  return (
    <div style={{ marginTop: 16 }} data-testid="import-upload-progress" data-progress={total > 0 ? sent / total : 0}>
      <Typography.Text>{t('import.uploading', { file: fileName })}</Typography.Text>
      <Progress percent={percent} status="active" />
      <Typography.Text type="secondary">
        {t('import.uploadedBytes', { sent: format.bytes(sent), total: format.bytes(total) })}
      </Typography.Text>
    </div>
  );
}

function JobCard({ job, onAgain }: { job: ImportJob; onAgain: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const bilingual = useBilingual();
  const running = job.status === 'running';
  const progress = job.status === 'succeeded' ? 1 : job.progress;
  return (
    <Card
      size="small"
      title={
        <Space size={8} wrap>
          <span style={{ wordBreak: 'break-all' }}>{job.fileName}</span>
          <Tag color={statusColours[job.status]} data-testid="import-status" data-status={job.status}>
            {t(`import.status.${job.status}`)}
          </Tag>
        </Space>
      }
      extra={
        running ? null : (
          <Button icon={<ReloadOutlined />} onClick={onAgain} data-testid="import-again">
            {t('import.again')}
          </Button>
        )
      }
    >
      <div data-testid="import-progress" data-progress={progress}>
        <Progress
          percent={Math.floor(progress * 1000) / 10}
          status={job.status === 'failed' ? 'exception' : running ? 'active' : 'success'}
          aria-label={t('import.progress')}
        />
      </div>
      <Typography.Text type="secondary" data-testid="import-counts">
        {t('import.soFar', { rows: format.number(job.rowsRead), refused: format.number(job.refused) })}
        {' · '}
        {t('import.startedAt', { at: format.dateTime(job.startedAt) })}
        {job.finishedAt ? ` · ${t('import.finishedAt', { at: format.dateTime(job.finishedAt) })}` : ''}
      </Typography.Text>
      {job.status === 'failed' && (
        <Alert
          style={{ marginTop: 16 }}
          type="error"
          showIcon
          data-testid="import-error"
          data-code={job.error?.code}
          title={job.error ? bilingual(job.error.message) : t('import.failed')}
          description={t('import.nothingImported')}
        />
      )}
    </Card>
  );
}

/** Also used by the vehicle register import. */
export function Outcome({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const format = useFormat();
  const figures = [
    { key: 'created', value: job.created, colour: '#15803d' },
    { key: 'updated', value: job.updated, colour: '#1d4ed8' },
    { key: 'unchanged', value: job.unchanged, colour: undefined },
    { key: 'refused', value: job.refused, colour: job.refused > 0 ? '#b91c1c' : undefined },
  ] as const;
  return (
    <Card size="small" title={t('import.result')}>
      <Row gutter={[16, 16]}>
        {figures.map((figure) => (
          <Col key={figure.key} xs={12} md={6}>
            <Statistic
              className="gz-stat"
              title={t(`import.${figure.key}`)}
              value={figure.value}
              styles={figure.colour ? { content: { color: figure.colour } } : undefined}
              formatter={(value) => (
                <span data-testid={`import-${figure.key}`} data-value={Number(value)}>
                  {format.number(Number(value))}
                </span>
              )}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** Also used by the vehicle register import. */
export function Refusals({ job, downloadUrl }: { job: ImportJob; downloadUrl: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const bilingual = useBilingual();
  const isPhone = useIsPhone();
  const none = t('common.none');
  const columns: TableColumnsType<ImportRefusal> = [
    { key: 'line', title: t('import.line'), dataIndex: 'line', width: 80, render: (line: number) => format.number(line) },
    {
      key: 'column',
      title: t('import.column'),
      dataIndex: 'column',
      width: 180,
      render: (column: string | null) => <span data-testid="refusal-column">{column ?? none}</span>,
    },
    {
      key: 'value',
      title: t('import.value'),
      dataIndex: 'value',
      width: 220,
      render: (value: string | null) => (value === null || value === '' ? none : <span className="gz-mono gz-break">{value}</span>),
    },
    { key: 'reason', title: t('import.reason'), render: (_, row) => <span data-reason={row.reason}>{bilingual(row.message)}</span> },
  ];
  return (
    <Card
      size="small"
      title={t('import.refusals', { count: job.refused })}
      extra={
        <Typography.Link href={downloadUrl} download data-testid="import-refusals-download">
          <DownloadOutlined /> {t('import.downloadRefusals')}
        </Typography.Link>
      }
    >
      {(job.refused > job.refusals.length || (isPhone && job.refusals.length > PHONE_REFUSALS)) && (
        <Typography.Paragraph type="secondary">
          {t('import.refusalsTruncated', {
            shown: format.number(isPhone ? Math.min(PHONE_REFUSALS, job.refusals.length) : job.refusals.length),
            total: format.number(job.refused),
          })}
        </Typography.Paragraph>
      )}
      {isPhone ? (
        <ul className="gz-card-list gz-refusal-list" data-testid="import-refusals">
          {job.refusals.slice(0, PHONE_REFUSALS).map((row) => (
            <li key={refusalKey(row)} data-testid={`import-refusal-${row.line}`} className="gz-refusal">
              <Typography.Text strong>
                {t('import.line')} {format.number(row.line)} · <span data-testid="refusal-column">{row.column ?? none}</span>
              </Typography.Text>
              {row.value ? <span className="gz-mono gz-break">{row.value}</span> : null}
              <span data-reason={row.reason}>{bilingual(row.message)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <Table<ImportRefusal>
          rowKey={refusalKey}
          size="small"
          columns={columns}
          dataSource={job.refusals}
          pagination={job.refusals.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          data-testid="import-refusals"
          onRow={(row) => ({ 'data-testid': `import-refusal-${row.line}` }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </Card>
  );
}
