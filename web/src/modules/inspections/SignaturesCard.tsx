import { CheckCircleFilled, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { useSession } from '../../app/session';
import { useFormat } from '../../shared/useFormat';
import { inspectionApi } from './inspections.api';
import { type InspectionDetail, type Party, parties, type Signature } from './inspections.types';
import { useInspectionLabels } from './labels';
import { SignaturePad } from './SignaturePad';

/**
 * The inspector's and the enterprise representative's signatures, each drawn
 * on a pad and kept as a PNG. A signature given can be replaced while the
 * inspection is open.
 */
export function SignaturesCard({
  inspection,
  onSigned,
  highlight,
}: {
  inspection: InspectionDetail;
  onSigned: (detail: InspectionDetail) => void;
  /** Parties a refused completion named. */
  highlight: ReadonlySet<Party>;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('inspections.run.signatures')} data-testid="signatures">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {parties.map((party) => (
          <PartySignature
            key={party}
            party={party}
            inspection={inspection}
            signature={inspection.signatures.find((s) => s.party === party)}
            onSigned={onSigned}
            missing={highlight.has(party)}
          />
        ))}
      </Space>
    </Card>
  );
}

function PartySignature({
  party,
  inspection,
  signature,
  onSigned,
  missing,
}: {
  party: Party;
  inspection: InspectionDetail;
  signature: Signature | undefined;
  onSigned: (detail: InspectionDetail) => void;
  missing: boolean;
}) {
  const { t } = useTranslation();
  const labels = useInspectionLabels();
  const format = useFormat();
  const session = useSession();
  const canSign = inspection.abilities.sign;
  const [redo, setRedo] = useState(false);
  const [png, setPng] = useState<string | null>(null);
  const [name, setName] = useState(party === 'inspector' ? session.person.name : '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [tried, setTried] = useState(false);
  const testId = `signature-${party}`;

  const submit = async () => {
    setTried(true);
    if (!png || !name.trim()) return;
    setBusy(true);
    setProblem(null);
    try {
      onSigned(await inspectionApi.sign(inspection.id, party, png, name.trim()));
      setRedo(false);
      setPng(null);
      setTried(false);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const heading = (
    <Typography.Text strong>
      {labels.party(party)}
      {signature && <CheckCircleFilled style={{ color: '#16a34a', marginInlineStart: 6 }} />}
    </Typography.Text>
  );

  if (signature && !redo)
    return (
      <div data-testid={testId} data-signed="true">
        {heading}
        <div style={{ marginTop: 8 }}>
          <img
            src={signature.url}
            alt={t('inspections.signature.pad', { party: labels.party(party) })}
            style={{ maxWidth: '100%', height: 90, objectFit: 'contain', background: '#fff', border: '1px solid #e5e7eb', borderRadius: 6 }}
          />
        </div>
        <Space size={8} wrap style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" data-testid={`${testId}-by`}>
            {t('inspections.run.signedBy', { name: signature.signerName, at: format.dateTime(signature.signedAt) })}
          </Typography.Text>
          {canSign && (
            <Button size="small" icon={<EditOutlined />} onClick={() => setRedo(true)} data-testid={`${testId}-redo`}>
              {t('inspections.run.resign')}
            </Button>
          )}
        </Space>
      </div>
    );

  if (!canSign)
    return (
      <div data-testid={testId} data-signed="false">
        {heading}
        <Typography.Text type="secondary"> · {t('inspections.common.none')}</Typography.Text>
      </div>
    );

  return (
    <div data-testid={testId} data-signed="false">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {heading}
        {missing && <Alert type="error" showIcon title={t('inspections.run.missingSignature', { party: labels.party(party) })} />}
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('inspections.run.signerName')}
          aria-label={t('inspections.run.signerName')}
          maxLength={100}
          status={tried && !name.trim() ? 'error' : undefined}
          disabled={busy}
          data-testid={`${testId}-name`}
        />
        {tried && !name.trim() && <Typography.Text type="danger">{t('inspections.run.signerNameRequired')}</Typography.Text>}
        <SignaturePad
          onChange={setPng}
          disabled={busy}
          testId={`${testId}-pad`}
          label={t('inspections.signature.pad', { party: labels.party(party) })}
        />
        {tried && !png && <Typography.Text type="danger">{t('inspections.run.signatureRequired')}</Typography.Text>}
        <Space>
          <Button type="primary" onClick={submit} loading={busy} data-testid={`${testId}-submit`}>
            {t('inspections.run.sign')}
          </Button>
          {redo && (
            <Button onClick={() => setRedo(false)} disabled={busy}>
              {t('inspections.common.cancel')}
            </Button>
          )}
        </Space>
        {problem && <ProblemAlert problem={problem} testId={`${testId}-problem`} />}
      </Space>
    </div>
  );
}
