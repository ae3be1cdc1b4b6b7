import { DownloadOutlined, InboxOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Drawer, Progress, Space, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, api, buildUrl, isApiProblem, type UploadOptions } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import type { BilingualText, ImportJob, ImportStatus } from '../directory/directory.types';
import { Outcome, Refusals, UploadProgress } from '../directory/ImportScreen';

/** A vehicle register import: the directory's job, and the drivers it registered. */
export interface VehicleImportJob extends ImportJob {
  driversCreated: number;
}

const job = (id: string) => `/vehicles/imports/${encodeURIComponent(id)}`;

export const vehicleImportApi = {
  start: (file: File, options?: UploadOptions) => api.upload<VehicleImportJob>('/vehicles/imports', file, options),
  get: (id: string, signal: AbortSignal) => api.get<VehicleImportJob>(job(id), { signal }),
  refusalsUrl: (id: string) => buildUrl(`${job(id)}/refusals.csv`),
  templateUrl: () => buildUrl('/vehicles/imports/template.csv'),
};

const POLL_MS = 500;
const statusColours: Record<ImportStatus, string> = { running: 'processing', succeeded: 'success', failed: 'error' };

/**
 * The fleet page's 导入 action: a drawer in which a CSV or XLSX vehicle register is uploaded, its import followed
 * (batches commit as they go, so the counts grow while it runs) and its refused rows read. `onImported` is told when a
 * job ends, so that the list behind can reload. Shown only with `vehicles.vehicle.import`.
 */
export function VehicleImport({ onImported }: { onImported?: () => void }) {
  const { t } = useTranslation();
  const allowed = usePermission('vehicles.vehicle.import');
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  if (!allowed) return null;
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="vehicle-import">
        {t('vehiclesImport.action')}
      </Button>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('vehiclesImport.title')} size={isPhone ? '100%' : 720} destroyOnHidden>
        {open && <ImportPanel onImported={onImported} />}
      </Drawer>
    </>
  );
}

function ImportPanel({ onImported }: { onImported: (() => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [upload, setUpload] = useState<{ fileName: string; sent: number; total: number } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [current, setCurrent] = useState<VehicleImportJob | null>(null);
  const [pollGeneration, setPollGeneration] = useState(0);
  const bilingual = (text: BilingualText) => (i18n.language === 'en' ? text.en : text['zh-CN']);
  const jobId = current?.id ?? null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: polls once per job (and again after a failed poll is retried).
  useEffect(() => {
    if (!jobId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await vehicleImportApi.get(jobId, controller.signal);
        if (controller.signal.aborted) return;
        setCurrent(next);
        setProblem(null);
        if (next.status === 'running') timer = setTimeout(poll, POLL_MS);
        else onImported?.();
      } catch (error) {
        if (!controller.signal.aborted && isApiProblem(error)) setProblem(error);
      }
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [jobId, pollGeneration]);

  const start = async (file: File) => {
    setProblem(null);
    setUpload({ fileName: file.name, sent: 0, total: file.size });
    try {
      setCurrent(await vehicleImportApi.start(file, { onProgress: (sent, total) => setUpload({ fileName: file.name, sent, total }) }));
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    } finally {
      setUpload(null);
    }
  };

  if (!current) {
    return (
      <div className="gz-stack">
        <Typography.Text type="secondary">{t('vehiclesImport.intro')}</Typography.Text>
        {/* The test id sits on a wrapper so that `[data-testid=vehicle-import-upload] input[type=file]` reaches the input. */}
        <div data-testid="vehicle-import-upload">
          <Upload.Dragger
            accept=".csv,.xlsx"
            multiple={false}
            showUploadList={false}
            disabled={upload !== null}
            beforeUpload={(file) => {
              void start(file);
              return Upload.LIST_IGNORE;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.drop')}</p>
            <p className="ant-upload-hint">{t('vehiclesImport.dropHint')}</p>
          </Upload.Dragger>
        </div>
        <div className="gz-import-links">
          <Typography.Link href={vehicleImportApi.templateUrl()} download data-testid="vehicle-import-template">
            <DownloadOutlined /> {t('vehiclesImport.template')}
          </Typography.Link>
          <Typography.Text type="secondary">{t('vehiclesImport.templateHint')}</Typography.Text>
        </div>
        {upload && <UploadProgress {...upload} />}
        {problem && <ProblemAlert problem={problem} testId="import-upload-problem" />}
      </div>
    );
  }

  const running = current.status === 'running';
  const progress = current.status === 'succeeded' ? 1 : current.progress;
  const kept = current.created + current.updated > 0;
  return (
    <div className="gz-stack">
      <Card
        size="small"
        title={
          <Space size={8} wrap>
            <span style={{ wordBreak: 'break-all' }}>{current.fileName}</span>
            <Tag color={statusColours[current.status]} data-testid="import-status" data-status={current.status}>
              {t(`import.status.${current.status}`)}
            </Tag>
          </Space>
        }
        extra={
          running ? null : (
            <Button icon={<ReloadOutlined />} onClick={() => setCurrent(null)} data-testid="import-again">
              {t('import.again')}
            </Button>
          )
        }
      >
        <div data-testid="import-progress" data-progress={progress}>
          <Progress
            percent={Math.floor(progress * 1000) / 10}
            status={current.status === 'failed' ? 'exception' : running ? 'active' : 'success'}
            aria-label={t('import.progress')}
          />
        </div>
        <Typography.Text type="secondary" data-testid="import-counts">
          {t('import.soFar', { rows: format.number(current.rowsRead), refused: format.number(current.refused) })}
          {current.driversCreated > 0 ? ` · ${t('vehiclesImport.driversCreated', { count: current.driversCreated })}` : ''}
          {' · '}
          {t('import.startedAt', { at: format.dateTime(current.startedAt) })}
          {current.finishedAt ? ` · ${t('import.finishedAt', { at: format.dateTime(current.finishedAt) })}` : ''}
        </Typography.Text>
        {current.status === 'failed' && (
          <Alert
            style={{ marginTop: 16 }}
            type="error"
            showIcon
            data-testid="import-error"
            data-code={current.error?.code}
            title={current.error ? bilingual(current.error.message) : t('import.failed')}
            description={
              kept
                ? t('vehiclesImport.partlyImported', { created: current.created, updated: current.updated })
                : t('vehiclesImport.nothingImported')
            }
          />
        )}
      </Card>
      {problem && running && <ProblemAlert problem={problem} onRetry={() => setPollGeneration((n) => n + 1)} />}
      {!running && <Outcome job={current} />}
      {current.refused > 0 && <Refusals job={current} downloadUrl={vehicleImportApi.refusalsUrl(current.id)} />}
    </div>
  );
}
