import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Progress, Space, Table, Typography, Upload } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { useIsPhone } from '../../shared/useMediaQuery';
import { checklistApi } from './inspections.api';
import type { ChecklistDetail, XlsformRowProblem } from './inspections.types';

const ACCEPT = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The refused rows a 422 `inspections.xlsform_invalid` carries, in sheet and row order. */
export function refusedRows(problem: ApiProblem): XlsformRowProblem[] {
  const rows = problem.document.rows;
  if (!Array.isArray(rows)) return [];
  return rows
    .filter(
      (r): r is XlsformRowProblem =>
        typeof r === 'object' && r !== null && typeof r.sheet === 'string' && typeof r.row === 'number' && typeof r.reason === 'string',
    )
    .map((r) => ({ ...r, column: typeof r.column === 'string' ? r.column : null }));
}

/**
 * Importing an XLSForm workbook, as a new checklist or as the next version of
 * one (`checklistId`). Nothing is imported when any row is wrong: the refused
 * rows are listed with sheet, row, column and reason so the author can fix the
 * spreadsheet and try again.
 */
export function XlsformImportModal({
  open,
  onClose,
  checklistId,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  checklistId?: string;
  onImported?: (checklist: ChecklistDetail) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [upload, setUpload] = useState<{ name: string; percent: number } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [imported, setImported] = useState<ChecklistDetail | null>(null);

  const reset = () => {
    setUpload(null);
    setProblem(null);
    setImported(null);
  };

  const send = async (file: File) => {
    reset();
    setUpload({ name: file.name, percent: 0 });
    const onProgress = (sent: number, total: number) =>
      setUpload({ name: file.name, percent: total > 0 ? Math.floor((sent / total) * 100) : 0 });
    try {
      const checklist = checklistId
        ? await checklistApi.importVersion(checklistId, file, onProgress)
        : await checklistApi.importNew(file, onProgress);
      setImported(checklist);
      onImported?.(checklist);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    } finally {
      setUpload(null);
    }
  };

  const rows = problem ? refusedRows(problem) : [];

  return (
    <Modal
      open={open}
      title={checklistId ? t('inspections.xlsform.titleVersion') : t('inspections.xlsform.title')}
      onCancel={onClose}
      afterOpenChange={(visible) => {
        if (!visible) reset();
      }}
      footer={null}
      width={isPhone ? '100%' : 760}
      destroyOnHidden
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="xlsform-import">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('inspections.xlsform.hint')}
        </Typography.Paragraph>
        {!imported && (
          <div data-testid="xlsform-upload">
            <Upload.Dragger
              accept={ACCEPT}
              multiple={false}
              showUploadList={false}
              disabled={upload !== null}
              beforeUpload={(file) => {
                void send(file);
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('inspections.xlsform.drop')}</p>
            </Upload.Dragger>
          </div>
        )}
        {upload && (
          <div>
            <Typography.Text>{t('inspections.xlsform.uploading', { name: upload.name })}</Typography.Text>
            <Progress percent={upload.percent} status="active" />
          </div>
        )}
        {problem && rows.length === 0 && <ProblemAlert problem={problem} testId="xlsform-problem" />}
        {rows.length > 0 && (
          <>
            <Alert type="error" showIcon title={t('inspections.xlsform.refused', { count: rows.length })} data-testid="xlsform-refused" />
            <Table<XlsformRowProblem>
              size="small"
              rowKey={(r) => `${r.sheet}:${r.row}:${r.column ?? ''}:${r.reason}`}
              dataSource={rows}
              pagination={rows.length > 20 ? { pageSize: 20, simple: isPhone, showSizeChanger: false } : false}
              data-testid="xlsform-refused-rows"
              onRow={(r) => ({ 'data-testid': `xlsform-refused-${r.sheet}-${r.row}` }) as HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'sheet', title: t('inspections.xlsform.sheet'), dataIndex: 'sheet', width: 90 },
                { key: 'row', title: t('inspections.xlsform.row'), dataIndex: 'row', width: 60, align: 'right' },
                {
                  key: 'column',
                  title: t('inspections.xlsform.column'),
                  dataIndex: 'column',
                  width: 110,
                  render: (c: string | null) => (c ? <span className="gz-mono">{c}</span> : t('inspections.common.none')),
                },
                { key: 'reason', title: t('inspections.xlsform.reason'), dataIndex: 'reason' },
              ]}
            />
          </>
        )}
        {imported && (
          <>
            <Alert
              type="success"
              showIcon
              title={t('inspections.xlsform.imported', { title: imported.title, version: imported.version })}
              data-testid="xlsform-imported"
            />
            <Space wrap>
              <Button
                type="primary"
                onClick={() => {
                  onClose();
                  navigate(`/checklists/${imported.id}`);
                }}
                data-testid="xlsform-open"
              >
                {t('inspections.xlsform.open')}
              </Button>
              <Button onClick={reset}>{t('inspections.xlsform.again')}</Button>
            </Space>
          </>
        )}
      </Space>
    </Modal>
  );
}
