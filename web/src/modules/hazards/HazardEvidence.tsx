import { DownloadOutlined, FileOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Empty, Progress, Select, Space, Tag, Typography } from 'antd';
import { type ChangeEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { useFormat } from '../../shared/useFormat';
import { HazardProblem, useHazardLabels } from './HazardParts';
import { hazardsApi } from './hazards.api';
import { type Evidence, type EvidenceKind, evidenceKinds } from './hazards.types';

/** What the server takes (hazards-api.md); checked here first so a wrong file is refused before it is sent. */
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
const ACCEPT = [...EVIDENCE_TYPES, '.jpg', '.jpeg', '.png', '.webp', '.pdf'].join(',');

const isImage = (mediaType: string) => mediaType.startsWith('image/');

/** A file's refusal before upload, in words; null when it may go. */
export function useEvidenceCheck() {
  const { t } = useTranslation();
  const format = useFormat();
  return (file: File): string | null => {
    if (file.size > EVIDENCE_MAX_BYTES)
      return t('hazards.evidence.tooLarge', { size: format.bytes(file.size), limit: format.bytes(EVIDENCE_MAX_BYTES) });
    if (!(EVIDENCE_TYPES as readonly string[]).includes(file.type)) return t('hazards.evidence.badType', { type: file.type || file.name });
    return null;
  };
}

/**
 * A button that uploads one file as a given kind of evidence, with progress;
 * a refused file (type or size, here or by the server) is explained beneath.
 */
export function EvidenceUploadButton({
  hazardId,
  kind,
  onUploaded,
  testId = 'evidence-upload',
  label,
}: {
  hazardId: string;
  kind: EvidenceKind;
  onUploaded: (evidence: Evidence) => void;
  testId?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const check = useEvidenceCheck();
  const input = useRef<HTMLInputElement>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setProblem(null);
    const reason = check(file);
    setRefusal(reason);
    if (reason) return;
    setPercent(0);
    try {
      const evidence = await hazardsApi.uploadEvidence(hazardId, file, kind, {
        onProgress: (sent, total) => setPercent(total > 0 ? Math.round((sent / total) * 100) : 0),
      });
      void message.success(t('hazards.done.uploaded'));
      onUploaded(evidence);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      const fileError = error.errors.find((e) => e.field === 'file');
      if (fileError) setRefusal(fileError.detail);
      setProblem(error);
    } finally {
      setPercent(null);
    }
  };

  return (
    <div>
      <input ref={input} type="file" accept={ACCEPT} hidden onChange={onFile} data-testid={`${testId}-file`} />
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} loading={percent !== null} data-testid={testId}>
        {label ?? t('hazards.evidence.upload')}
      </Button>
      {percent !== null && <Progress percent={percent} size="small" status="active" style={{ maxWidth: 240 }} />}
      {refusal && (
        <div>
          <Typography.Text type="danger" role="alert" data-testid={`${testId}-error`}>
            {refusal}
          </Typography.Text>
        </div>
      )}
      {problem && !refusal && (
        <div style={{ marginTop: 8 }}>
          <HazardProblem problem={problem} testId={`${testId}-problem`} />
        </div>
      )}
    </div>
  );
}

/** A thumbnail for images, an icon for documents; the name downloads it. */
export function EvidenceTile({ evidence, extra }: { evidence: Evidence; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useHazardLabels();
  return (
    <div className="gz-hz-evidence" data-testid={`evidence-${evidence.id}`} data-kind={evidence.kind}>
      <a href={evidence.url} target="_blank" rel="noreferrer">
        {isImage(evidence.mediaType) ? (
          <img className="gz-hz-thumb" src={evidence.url} alt={evidence.name} loading="lazy" data-testid="evidence-thumb" />
        ) : (
          <span className="gz-hz-thumb-file" aria-hidden="true">
            {evidence.mediaType === 'application/pdf' ? <FilePdfOutlined /> : <FileOutlined />}
          </span>
        )}
      </a>
      <Tag style={{ marginInlineEnd: 0, alignSelf: 'flex-start' }}>{labels.evidenceKind(evidence.kind)}</Tag>
      <Typography.Text className="gz-hz-evidence-name" title={evidence.name}>
        {evidence.name}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {format.bytes(evidence.size)} · {format.dateTime(evidence.uploadedAt)}
      </Typography.Text>
      {evidence.uploadedBy && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {evidence.uploadedBy.name}
        </Typography.Text>
      )}
      <Space size={4} wrap>
        <a href={evidence.url} download={evidence.name} data-testid="evidence-download">
          <DownloadOutlined /> {t('hazards.evidence.download')}
        </a>
        {extra}
      </Space>
    </div>
  );
}

/** The hazard's evidence: everything uploaded, and an upload control for those who may attach. */
export function EvidenceCard({
  hazardId,
  evidence,
  canAttach,
  onChanged,
}: {
  hazardId: string;
  evidence: Evidence[];
  canAttach: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const labels = useHazardLabels();
  const [kind, setKind] = useState<EvidenceKind>('before');
  return (
    <Card size="small" title={t('hazards.evidence.title')} data-testid="hazard-evidence">
      {canAttach && (
        <div className="gz-hz-no-print" style={{ marginBottom: 12 }}>
          <Space wrap align="start">
            <Select<EvidenceKind>
              value={kind}
              onChange={setKind}
              aria-label={t('hazards.evidence.kind')}
              options={evidenceKinds.map((value) => ({ value, label: labels.evidenceKind(value) }))}
              optionRender={(option) => <span data-testid={`evidence-kind-${String(option.value)}`}>{option.label}</span>}
              style={{ width: 160 }}
              data-testid="evidence-kind"
            />
            <EvidenceUploadButton hazardId={hazardId} kind={kind} onUploaded={onChanged} />
          </Space>
        </div>
      )}
      {evidence.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.evidence.empty')} />
      ) : (
        <div className="gz-hz-evidence-grid">
          {evidence.map((item) => (
            <EvidenceTile key={item.id} evidence={item} />
          ))}
        </div>
      )}
    </Card>
  );
}

/**
 * Ticks the evidence a transition carries: the hazard's files of the given
 * kinds not yet bound to another act, plus any uploaded here (ticked at once).
 * A form control: `value` is the chosen evidence ids.
 */
export function EvidencePicker({
  hazardId,
  available,
  uploadKind,
  value = [],
  onChange,
  id,
}: {
  hazardId: string;
  available: Evidence[];
  uploadKind: EvidenceKind;
  value?: string[];
  onChange?: (ids: string[]) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const [added, setAdded] = useState<Evidence[]>([]);
  const all = [...available, ...added.filter((e) => !available.some((a) => a.id === e.id))];
  return (
    <div id={id} data-testid="evidence-picker">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('hazards.form.evidenceHint')}
      </Typography.Paragraph>
      {all.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('hazards.form.evidenceNone')}</Typography.Paragraph>
      ) : (
        <div className="gz-hz-pick-list">
          {all.map((evidence) => (
            <Checkbox
              key={evidence.id}
              checked={value.includes(evidence.id)}
              onChange={(event) => onChange?.(event.target.checked ? [...value, evidence.id] : value.filter((v) => v !== evidence.id))}
              data-testid={`pick-evidence-${evidence.id}`}
            >
              {evidence.name}
            </Checkbox>
          ))}
        </div>
      )}
      <EvidenceUploadButton
        hazardId={hazardId}
        kind={uploadKind}
        testId="picker-upload"
        onUploaded={(evidence) => {
          setAdded((previous) => [...previous, evidence]);
          onChange?.([...value, evidence.id]);
        }}
      />
    </div>
  );
}
