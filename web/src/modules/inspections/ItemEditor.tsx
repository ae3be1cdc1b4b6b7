import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, Form, type FormInstance, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useTranslation } from 'react-i18next';
import { type ContentDraft, duplicateKeys, KEY_PATTERN } from './editor';
import { itemTypes } from './inspections.types';
import { useInspectionLabels } from './labels';

/** Rules every key field shares: the pattern, and unique across the whole template. */
export function useKeyRules(form: FormInstance<ContentDraft>) {
  const { t } = useTranslation();
  return [
    { required: true, whitespace: true, message: t('inspections.editor.fieldRequired') },
    { pattern: KEY_PATTERN, message: t('inspections.editor.keyInvalid') },
    {
      validator: async (_: unknown, value: string | undefined) => {
        if (value && duplicateKeys(form.getFieldsValue(true) as ContentDraft).has(value.trim()))
          throw new Error(t('inspections.editor.keyDuplicate'));
      },
    },
  ];
}

/**
 * The fields of one checklist item inside the builder. `path` is the item's
 * absolute name (`['sections', 0, 'items', 3]`), used to read its type and
 * flags; the fields themselves are named relative to the surrounding list.
 */
export function ItemEditor({
  form,
  path,
  field,
  n,
  count,
  onMove,
  onRemove,
}: {
  form: FormInstance<ContentDraft>;
  path: (string | number)[];
  field: number;
  n: string;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const labels = useInspectionLabels();
  const keyRules = useKeyRules(form);
  const at = (name: string): NamePath => [...path, name];
  const type = Form.useWatch(at('type'), form);
  const major = Form.useWatch(at('major'), form);
  const key = Form.useWatch(at('key'), form);
  const scorable = type !== 'text' && type !== 'photo';

  return (
    <div className="gz-builder-item" data-testid={`editor-item-${key ?? field}`}>
      <div className="gz-card-head" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{n}</Typography.Text>
        <Space size={4}>
          <Button
            size="small"
            icon={<ArrowUpOutlined />}
            aria-label={t('inspections.editor.moveUp')}
            disabled={field === 0}
            onClick={() => onMove(field - 1)}
          />
          <Button
            size="small"
            icon={<ArrowDownOutlined />}
            aria-label={t('inspections.editor.moveDown')}
            disabled={field === count - 1}
            onClick={() => onMove(field + 1)}
          />
          <Button size="small" danger icon={<DeleteOutlined />} onClick={onRemove} data-testid="editor-item-remove">
            {t('inspections.editor.removeItem')}
          </Button>
        </Space>
      </div>
      <Form.Item
        name={[field, 'label']}
        label={t('inspections.editor.label')}
        rules={[{ required: true, whitespace: true, message: t('inspections.editor.fieldRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} data-testid="editor-item-label" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name={[field, 'type']} label={t('inspections.editor.type')}>
            <Select
              options={itemTypes.map((v) => ({ value: v, label: labels.itemType(v) }))}
              data-testid="editor-item-type"
              onChange={(next) => {
                if (next === 'choice' && (form.getFieldValue(at('choices')) ?? []).length === 0)
                  form.setFieldValue(at('choices'), [
                    { value: 'yes', label: t('inspections.verdict.compliant'), fail: false },
                    { value: 'no', label: t('inspections.verdict.non_compliant'), fail: true },
                  ]);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name={[field, 'weight']} label={t('inspections.editor.weight')}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid="editor-item-weight" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name={[field, 'required']} label={t('inspections.editor.required')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={16}>
          <Form.Item name={[field, 'legalBasis', 'document']} label={t('inspections.editor.legalDocument')}>
            <Input maxLength={300} data-testid="editor-item-legal-document" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name={[field, 'legalBasis', 'clause']} label={t('inspections.editor.legalClause')}>
            <Input maxLength={100} data-testid="editor-item-legal-clause" />
          </Form.Item>
        </Col>
      </Row>
      {scorable && (
        <Row gutter={12} align="bottom">
          <Col xs={24} sm={12}>
            <Form.Item name={[field, 'major']} valuePropName="checked">
              <Checkbox data-testid="editor-item-major">{t('inspections.editor.major')}</Checkbox>
            </Form.Item>
          </Col>
          {major && (
            <Col xs={24} sm={12}>
              <Form.Item name={[field, 'criterion']} label={t('inspections.editor.criterion')}>
                <Input maxLength={100} placeholder="第三条第（一）项" data-testid="editor-item-criterion" />
              </Form.Item>
            </Col>
          )}
        </Row>
      )}
      {type === 'number' && (
        <Row gutter={12}>
          <Col xs={8}>
            <Form.Item name={[field, 'min']} label={t('inspections.editor.min')}>
              <InputNumber style={{ width: '100%' }} data-testid="editor-item-min" />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item
              name={[field, 'max']}
              label={t('inspections.editor.max')}
              dependencies={[at('min')]}
              rules={[
                {
                  validator: async (_: unknown, value: number | null | undefined) => {
                    const min = form.getFieldValue(at('min')) as number | null | undefined;
                    if (typeof min === 'number' && typeof value === 'number' && min > value)
                      throw new Error(t('inspections.editor.minAboveMax'));
                  },
                },
              ]}
            >
              <InputNumber style={{ width: '100%' }} data-testid="editor-item-max" />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name={[field, 'unit']} label={t('inspections.editor.unit')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
      )}
      {type === 'choice' && <ChoicesEditor field={field} />}
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name={[field, 'key']}
            label={t('inspections.editor.itemKey')}
            tooltip={t('inspections.editor.keyHint')}
            rules={keyRules}
          >
            <Input className="gz-mono" maxLength={63} data-testid="editor-item-key" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={[field, 'hint']} label={t('inspections.editor.hint')}>
            <Input maxLength={1000} />
          </Form.Item>
        </Col>
      </Row>
    </div>
  );
}

function ChoicesEditor({ field }: { field: number }) {
  const { t } = useTranslation();
  return (
    <Form.List
      name={[field, 'choices']}
      rules={[
        {
          validator: async (_: unknown, choices: unknown[] | undefined) => {
            if (!choices || choices.length < 2) throw new Error(t('inspections.editor.choicesRequired'));
          },
        },
      ]}
    >
      {(choices, { add, remove }, { errors }) => (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text>{t('inspections.editor.choices')}</Typography.Text>
          {choices.map((choice) => (
            <Space key={choice.key} align="baseline" wrap style={{ display: 'flex', marginTop: 8 }}>
              <Form.Item
                name={[choice.name, 'value']}
                rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{1,64}$/, message: t('inspections.editor.choiceValue') }]}
                style={{ marginBottom: 0 }}
              >
                <Input placeholder={t('inspections.editor.choiceValue')} className="gz-mono" style={{ width: 110 }} />
              </Form.Item>
              <Form.Item
                name={[choice.name, 'label']}
                rules={[{ required: true, whitespace: true, message: t('inspections.editor.fieldRequired') }]}
                style={{ marginBottom: 0 }}
              >
                <Input placeholder={t('inspections.editor.choiceLabel')} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name={[choice.name, 'fail']} valuePropName="checked" style={{ marginBottom: 0 }}>
                <Checkbox>{t('inspections.editor.choiceFail')}</Checkbox>
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => remove(choice.name)}
                aria-label={t('inspections.editor.removeItem')}
              />
            </Space>
          ))}
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => add({ value: '', label: '', fail: false })}
            style={{ marginTop: 8 }}
          >
            {t('inspections.editor.addChoice')}
          </Button>
          <Form.ErrorList errors={errors} />
        </div>
      )}
    </Form.List>
  );
}
