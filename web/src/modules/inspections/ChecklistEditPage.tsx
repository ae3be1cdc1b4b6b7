import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Row, Skeleton, Space, Typography } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { fieldErrorMessage } from '../../app/formErrors';
import { ProblemAlert, ProblemResult } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { blankItem, type ContentDraft, draftKeys, fieldName, freshKey, toContent, toDraft } from './editor';
import { ItemEditor, useKeyRules } from './ItemEditor';
import { checklistApi } from './inspections.api';
import type { ChecklistDetail } from './inspections.types';
import './inspections.css';

function blankDraft(): ContentDraft {
  return {
    title: '',
    description: null,
    criteriaLibrary: { library: '', version: '' },
    sections: [{ key: 'section_1', title: '', items: [blankItem(['section_1'])] }],
  };
}

/**
 * The checklist builder: a new checklist (`/checklists/new`), or the next
 * version of one (`/checklists/:id/edit`), which starts from its current
 * version. Publishing never changes an inspection already made.
 */
export default function ChecklistEditPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const current = useQuery((signal) => (id ? checklistApi.get(id, signal) : Promise.resolve(null)), [id]);
  usePageTitle(id ? (current.data?.title ?? t('inspections.checklists.title')) : t('inspections.editor.titleNew'));

  return (
    <div data-testid="page-checklist-edit" className="gz-stack">
      <div>
        <Link to={id ? `/checklists/${id}` : '/checklists'}>
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('inspections.common.back')}
          </Button>
        </Link>
      </div>
      {current.problem ? (
        <ProblemResult problem={current.problem} onRetry={current.reload} />
      ) : current.data === undefined ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <Editor checklist={current.data} />
      )}
    </div>
  );
}

function Editor({ checklist }: { checklist: ChecklistDetail | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContentDraft>();
  const keyRules = useKeyRules(form);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const initial = useMemo(() => (checklist ? toDraft(checklist.content) : blankDraft()), [checklist]);
  const nextVersion = checklist ? Math.max(checklist.version, ...checklist.versions.map((v) => v.version)) + 1 : 1;

  useEffect(() => form.setFieldsValue(initial), [form, initial]);

  const submit = async () => {
    setProblem(null);
    let values: ContentDraft;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as ContentDraft;
    } catch {
      void message.error(t('inspections.editor.invalid'));
      return;
    }
    setBusy(true);
    try {
      const content = toContent(values);
      const saved = checklist ? await checklistApi.publish(checklist.id, content) : await checklistApi.create(content);
      void message.success(checklist ? t('inspections.editor.published', { version: saved.version }) : t('inspections.editor.created'));
      navigate(`/checklists/${saved.id}`);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      form.setFields(
        error.bodyFieldErrors.map((e) => ({ name: fieldName(e.field) as NamePath, errors: [fieldErrorMessage(e.detail, t)] })),
      );
    } finally {
      setBusy(false);
    }
  };

  const taken = () => draftKeys(form.getFieldsValue(true) as ContentDraft);

  return (
    <Form<ContentDraft>
      form={form}
      layout="vertical"
      initialValues={initial}
      disabled={busy}
      onFinish={submit}
      data-testid="checklist-form"
      scrollToFirstError
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 0 }}>
          {checklist ? t('inspections.editor.titleEdit', { version: nextVersion }) : t('inspections.editor.titleNew')}
        </Typography.Title>
        {checklist && <Alert type="info" showIcon title={t('inspections.editor.keepsVersion')} />}
        <Card size="small">
          <Form.Item
            name="title"
            label={t('inspections.editor.checklistTitle')}
            rules={[{ required: true, whitespace: true, message: t('inspections.editor.fieldRequired') }]}
          >
            <Input maxLength={200} data-testid="editor-title" />
          </Form.Item>
          <Form.Item name="description" label={t('inspections.editor.description')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name={['criteriaLibrary', 'library']} label={t('inspections.editor.criteriaLibrary')}>
                <Input maxLength={64} placeholder={t('inspections.editor.criteriaLibraryHint')} className="gz-mono" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={['criteriaLibrary', 'version']} label={t('inspections.editor.criteriaVersion')}>
                <Input maxLength={32} placeholder={t('inspections.editor.criteriaVersionHint')} className="gz-mono" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('inspections.editor.sections')}
        </Typography.Title>
        <Form.List name="sections">
          {(sections, { add: addSection, remove: removeSection }) => (
            <>
              {sections.map((section, si) => (
                <Card
                  key={section.key}
                  size="small"
                  data-testid={`editor-section-${si}`}
                  title={
                    <Form.Item
                      name={[section.name, 'title']}
                      rules={[{ required: true, whitespace: true, message: t('inspections.editor.fieldRequired') }]}
                      style={{ margin: '8px 0' }}
                    >
                      <Input placeholder={t('inspections.editor.sectionTitle')} maxLength={200} data-testid="editor-section-title" />
                    </Form.Item>
                  }
                  extra={
                    sections.length > 1 && (
                      <Button size="small" danger type="text" icon={<DeleteOutlined />} onClick={() => removeSection(section.name)}>
                        {t('inspections.editor.removeSection')}
                      </Button>
                    )
                  }
                >
                  <Form.Item
                    name={[section.name, 'key']}
                    label={t('inspections.editor.sectionKey')}
                    rules={keyRules}
                    style={{ maxWidth: 320 }}
                  >
                    <Input className="gz-mono" maxLength={63} />
                  </Form.Item>
                  <Form.List name={[section.name, 'items']}>
                    {(items, { add, remove, move }) => (
                      <>
                        {items.map((item, ii) => (
                          <ItemEditor
                            key={item.key}
                            form={form}
                            path={['sections', section.name, 'items', item.name]}
                            field={item.name}
                            n={`${si + 1}.${ii + 1}`}
                            count={items.length}
                            onMove={(to) => move(item.name, to)}
                            onRemove={() => remove(item.name)}
                          />
                        ))}
                        <Button
                          type="dashed"
                          block
                          icon={<PlusOutlined />}
                          onClick={() => add(blankItem(taken()))}
                          data-testid="editor-add-item"
                        >
                          {t('inspections.editor.addItem')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => {
                  const keys = taken();
                  const key = freshKey('section', keys);
                  addSection({ key, title: '', items: [blankItem([...keys, key])] });
                }}
                data-testid="editor-add-section"
              >
                {t('inspections.editor.addSection')}
              </Button>
            </>
          )}
        </Form.List>
        {problem && <ProblemAlert problem={problem} testId="editor-problem" />}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="editor-submit">
            {checklist ? t('inspections.editor.publish') : t('inspections.editor.create')}
          </Button>
          <Link to={checklist ? `/checklists/${checklist.id}` : '/checklists'}>
            <Button disabled={busy}>{t('inspections.common.cancel')}</Button>
          </Link>
        </Space>
      </Space>
    </Form>
  );
}
