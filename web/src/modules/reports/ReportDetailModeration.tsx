import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Image, Input, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { useFormat } from '../../shared/useFormat';
import { reportsOfficeApi } from './reports.office.api';
import type { ModerationRequest, ReportDetail } from './reports.office.types';

/** What a moderation hides (or shows again): the text, or one photo. */
export type ModerationTarget = { kind: 'description'; hide: boolean } | { kind: 'photo'; photoId: string };

export function HiddenTag({ hidden, testId }: { hidden: boolean; testId: string }) {
  const { t } = useTranslation();
  if (!hidden) return null;
  return (
    <Tag color="volcano" icon={<EyeInvisibleOutlined />} data-testid={testId}>
      {t('reportsOffice.moderation.hidden')}
    </Tag>
  );
}

/** The button that hides the report's text from the public, or shows it again. */
export function DescriptionModeration({ report, onModerate }: { report: ReportDetail; onModerate: (target: ModerationTarget) => void }) {
  const { t } = useTranslation();
  if (!report.abilities.moderate) return null;
  const hide = !report.descriptionHidden;
  return (
    <Button
      size="small"
      icon={hide ? <EyeInvisibleOutlined /> : <EyeOutlined />}
      onClick={() => onModerate({ kind: 'description', hide })}
      data-testid={hide ? 'report-hide-description' : 'report-show-description'}
    >
      {hide ? t('reportsOffice.moderation.hideDescription') : t('reportsOffice.moderation.showDescription')}
    </Button>
  );
}

/** The report's photos as the office sees them (hidden ones too), each with a hide button where moderation is allowed. */
export function PhotosCard({ report, onModerate }: { report: ReportDetail; onModerate: (target: ModerationTarget) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card size="small" title={t('reportsOffice.detail.photos')} data-testid="report-photos">
      {report.photos.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reportsOffice.detail.noPhotos')} />
      ) : (
        <Image.PreviewGroup>
          <div className="gz-rpo-photos">
            {report.photos.map((photo) => (
              <div key={photo.id} className="gz-rpo-photo" data-testid={`report-photo-${photo.id}`} data-hidden={String(photo.hidden)}>
                <Image src={photo.url} alt={t('reportsOffice.detail.photos')} />
                <Typography.Text type="secondary">{format.dateTime(photo.at)}</Typography.Text>
                <HiddenTag hidden={photo.hidden} testId="report-photo-hidden" />
                {report.abilities.moderate && !photo.hidden && (
                  <Button
                    size="small"
                    icon={<EyeInvisibleOutlined />}
                    onClick={() => onModerate({ kind: 'photo', photoId: photo.id })}
                    data-testid="report-hide-photo"
                  >
                    {t('reportsOffice.moderation.hidePhoto')}
                  </Button>
                )}
              </div>
            ))}
          </div>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}

const requestOf = (target: ModerationTarget, reason: string): ModerationRequest =>
  target.kind === 'description' ? { hideDescription: target.hide, reason } : { hidePhotoIds: [target.photoId], reason };

/** Asks for the reason (kept in the history and audit trail, not public) and sends the moderation. */
export function ModerationModal({
  report,
  target,
  onClose,
  onDone,
}: {
  report: ReportDetail;
  target: ModerationTarget | null;
  onClose: () => void;
  onDone: (report: ReportDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const nameOf = (field: string) => (field === 'reason' ? ('reason' as const) : null);
  const title =
    target === null
      ? null
      : target.kind === 'photo'
        ? t('reportsOffice.moderation.hidePhoto')
        : target.hide
          ? t('reportsOffice.moderation.hideDescription')
          : t('reportsOffice.moderation.showDescription');

  const submit = async () => {
    if (!target) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      const answer = await reportsOfficeApi.moderate(report.id, requestOf(target, reason.trim()));
      void message.success(t('reportsOffice.form.done', { action: title }));
      onDone(answer);
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
      open={target !== null}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) {
          form.resetFields();
          setProblem(null);
        }
      }}
      footer={[
        <Button key="cancel" onClick={onClose} disabled={busy}>
          {t('reportsOffice.form.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger loading={busy} onClick={submit} data-testid="report-moderation-confirm">
          {t('reportsOffice.form.confirm')}
        </Button>,
      ]}
      data-testid="report-moderation-modal"
    >
      <Form form={form} layout="vertical" requiredMark={false} disabled={busy} onValuesChange={() => problem && setProblem(null)}>
        <Typography.Paragraph type="secondary">{t('reportsOffice.moderation.hint')}</Typography.Paragraph>
        <Form.Item
          name="reason"
          label={t('reportsOffice.moderation.reason')}
          rules={[{ required: true, whitespace: true, message: t('reportsOffice.moderation.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="report-moderation-reason" />
        </Form.Item>
        {problem && <ProblemAlert problem={problem} testId="report-moderation-problem" showDetail={!allFieldsShown(problem, nameOf)} />}
      </Form>
    </Modal>
  );
}
