import { ArrowLeftOutlined, CopyOutlined, DownloadOutlined, EditOutlined, ImportOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiProblem } from '../../app/api';
import { ProblemAlert, ProblemResult, problemMessage } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import { ItemTags, legalBasisText, ScopeTag, useLimits } from './ChecklistParts';
import { checklistApi } from './inspections.api';
import type { ChecklistDetail, ChecklistItem } from './inspections.types';
import { XlsformImportModal } from './XlsformImport';
import './inspections.css';
import { useAddressParams } from '../../shared/useAddressParams';

/** One checklist: its sections and items at a version (the current one unless `?version=`), its versions, and what may be done with it. */
export default function ChecklistPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useAddressParams();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const format = useFormat();
  const versionParam = Number.parseInt(params.get('version') ?? '', 10);
  const version = Number.isInteger(versionParam) && versionParam > 0 ? versionParam : undefined;
  const detail = useQuery((signal) => (version ? checklistApi.version(id, version, signal) : checklistApi.get(id, signal)), [id, version]);
  const [importing, setImporting] = useState(false);
  const [busy, setBusy] = useState(false);
  usePageTitle(detail.data?.title ?? t('inspections.checklists.title'));

  const checklist = detail.data;
  const current = checklist ? Math.max(...checklist.versions.map((v) => v.version), checklist.version) : undefined;
  const viewingOld = checklist !== undefined && current !== undefined && checklist.version !== current;

  const act = async (run: () => Promise<ChecklistDetail>, done: string, go?: boolean) => {
    setBusy(true);
    try {
      const result = await run();
      void message.success(done);
      if (go) navigate(`/checklists/${result.id}`);
      else detail.reload();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      void message.error(problemMessage(error, t, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="page-checklist" className="gz-stack">
      <div>
        <Link to="/checklists">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('inspections.checklist.back')}
          </Button>
        </Link>
      </div>
      {detail.problem && !checklist ? (
        <ProblemResult problem={detail.problem} onRetry={detail.reload} />
      ) : !checklist ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <>
          <div className="gz-page-head">
            <Space size={12} wrap align="center">
              <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 0 }} data-testid="checklist-title">
                {checklist.title}
              </Typography.Title>
              <ScopeTag scope={checklist.scope} />
              <Tag data-testid="checklist-version" data-version={checklist.version}>
                {t('inspections.checklists.versionN', { version: checklist.version })}
              </Tag>
              {checklist.archived && <Tag>{t('inspections.checklists.archived')}</Tag>}
            </Space>
            <Space wrap>
              <Typography.Link href={checklistApi.xlsformUrl(checklist.id, checklist.version)} download data-testid="checklist-export">
                <Button icon={<DownloadOutlined />}>{t('inspections.checklist.export')}</Button>
              </Typography.Link>
              {checklist.abilities.edit && !viewingOld && (
                <>
                  <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="checklist-import-version">
                    {t('inspections.checklist.importVersion')}
                  </Button>
                  <Link to={`/checklists/${checklist.id}/edit`}>
                    <Button type="primary" icon={<EditOutlined />} data-testid="checklist-edit">
                      {t('inspections.checklist.edit')}
                    </Button>
                  </Link>
                </>
              )}
              {checklist.abilities.copy && (
                <Button
                  icon={<CopyOutlined />}
                  loading={busy}
                  onClick={() => act(() => checklistApi.copy(checklist.id), t('inspections.checklist.copied'), true)}
                  data-testid="checklist-copy"
                >
                  {t('inspections.checklist.copy')}
                </Button>
              )}
              {checklist.abilities.archive && (
                <Button
                  danger
                  icon={<StopOutlined />}
                  disabled={busy}
                  onClick={() =>
                    modal.confirm({
                      title: t('inspections.checklist.archive'),
                      content: t('inspections.checklist.archiveConfirm'),
                      okButtonProps: { danger: true },
                      onOk: () => act(() => checklistApi.archive(checklist.id), t('inspections.checklist.archivedDone')),
                    })
                  }
                  data-testid="checklist-archive"
                >
                  {t('inspections.checklist.archive')}
                </Button>
              )}
            </Space>
          </div>
          {checklist.scope === 'library' && <Alert type="info" showIcon title={t('inspections.checklists.starter')} />}
          {viewingOld && (
            <Alert
              type="warning"
              showIcon
              title={t('inspections.checklist.viewing', { version: checklist.version, current })}
              action={
                <Button size="small" onClick={() => setParams({})}>
                  {t('inspections.checklist.viewCurrent')}
                </Button>
              }
            />
          )}
          {detail.problem && <ProblemAlert problem={detail.problem} onRetry={detail.reload} />}
          {(checklist.content.description || checklist.content.criteriaLibrary || checklist.owner) && (
            <Card size="small">
              <Space orientation="vertical" size={4}>
                {checklist.owner && <Typography.Text>{checklist.owner.name}</Typography.Text>}
                {checklist.content.description && <Typography.Text>{checklist.content.description}</Typography.Text>}
                {checklist.content.criteriaLibrary && (
                  <Typography.Text type="secondary" data-testid="checklist-criteria">
                    {t('inspections.checklist.criteriaLibrary', checklist.content.criteriaLibrary)}
                  </Typography.Text>
                )}
              </Space>
            </Card>
          )}
          <Collapse
            defaultActiveKey={checklist.content.sections.map((s) => s.key)}
            data-testid="checklist-sections"
            items={checklist.content.sections.map((section, index) => ({
              key: section.key,
              label: (
                <span>
                  {index + 1}. {section.title}{' '}
                  <Typography.Text type="secondary">
                    ({t('inspections.checklists.itemCount', { count: section.items.length })})
                  </Typography.Text>
                </span>
              ),
              children: (
                <List<ChecklistItem>
                  dataSource={section.items}
                  rowKey="key"
                  renderItem={(item, n) => (
                    <List.Item data-testid={`checklist-item-${item.key}`}>
                      <ItemView item={item} n={`${index + 1}.${n + 1}`} criteriaLibrary={checklist.content.criteriaLibrary} />
                    </List.Item>
                  )}
                />
              ),
            }))}
          />
          <Card size="small" title={t('inspections.checklist.versions')}>
            <List
              size="small"
              data-testid="checklist-versions"
              dataSource={[...checklist.versions].sort((a, b) => b.version - a.version)}
              rowKey="version"
              renderItem={(v) => (
                <List.Item
                  data-testid={`checklist-version-${v.version}`}
                  extra={v.version === current ? <Tag color="success">{t('inspections.checklist.current')}</Tag> : null}
                >
                  <Space orientation="vertical" size={0}>
                    {v.version === checklist.version ? (
                      <Typography.Text strong>
                        {t('inspections.checklist.versionPublished', { version: v.version, at: format.dateTime(v.publishedAt) })}
                      </Typography.Text>
                    ) : (
                      <Typography.Link onClick={() => setParams(v.version === current ? {} : { version: String(v.version) })}>
                        {t('inspections.checklist.versionPublished', { version: v.version, at: format.dateTime(v.publishedAt) })}
                      </Typography.Link>
                    )}
                    {v.publishedBy && (
                      <Typography.Text type="secondary">{t('inspections.checklist.publishedBy', { name: v.publishedBy })}</Typography.Text>
                    )}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          <XlsformImportModal
            open={importing}
            onClose={() => setImporting(false)}
            checklistId={checklist.id}
            onImported={() => detail.reload()}
          />
        </>
      )}
    </div>
  );
}

function ItemView({
  item,
  n,
  criteriaLibrary,
}: {
  item: ChecklistItem;
  n: string;
  criteriaLibrary: { library: string; version: string } | null;
}) {
  const { t } = useTranslation();
  const limits = useLimits();
  const basis = legalBasisText(item);
  const range = item.type === 'number' ? limits(item) : null;
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Typography.Text>
        <Typography.Text type="secondary">{n} </Typography.Text>
        {item.label}
      </Typography.Text>
      {item.hint && <Typography.Text type="secondary">{item.hint}</Typography.Text>}
      <ItemTags item={item} criteriaLibrary={criteriaLibrary} />
      {basis && (
        <Typography.Text type="secondary" className="gz-legal-basis">
          {t('inspections.checklist.legalBasis')}：{basis}
        </Typography.Text>
      )}
      {range && (
        <Typography.Text type="secondary">
          {t('inspections.checklist.limits')}：{range}
        </Typography.Text>
      )}
      {item.type === 'choice' && (
        <Space size={[4, 4]} wrap>
          {item.choices.map((c) => (
            <Tag key={c.value} color={c.fail ? 'error' : undefined} style={{ marginInlineEnd: 0 }}>
              {c.label}
              {c.fail ? ` (${t('inspections.checklist.failChoice')})` : ''}
            </Tag>
          ))}
        </Space>
      )}
      <Typography.Text type="secondary" className="gz-mono" style={{ fontSize: 12 }}>
        {item.key}
      </Typography.Text>
    </Space>
  );
}
