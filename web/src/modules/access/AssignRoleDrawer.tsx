import { App, Button, DatePicker, Drawer, Empty, Form, Select, Space, TreeSelect } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { fromCstPickerValue } from '../../shared/cst';
import { useLabels } from '../../shared/labels';
import { useIsPhone } from '../../shared/useMediaQuery';
import { useAreaTree } from '../directory/areaTree';
import { accessApi } from './access.api';
import { areaScopedRoles, type RoleName, roleNames, roleOrganisationKind } from './access.types';

interface AssignValues {
  role: RoleName;
  organisationId: string;
  areaId?: string;
  validity?: [Dayjs | null, Dayjs | null] | null;
}

/** Where a server-side field error belongs on the assignment form. */
function assignFieldOf(field: string): keyof AssignValues | null {
  switch (field) {
    case 'role':
    case 'organisationId':
    case 'areaId':
      return field;
    case 'validFrom':
    case 'validUntil':
      return 'validity';
    default:
      return null;
  }
}

const minute = (value: Dayjs) => value.second(0).millisecond(0);

/**
 * Assigns a role: the organisations offered are those of the kind the role is
 * held in, and an area is asked for only for roles that govern one. The server
 * checks both again, and that both lie inside the caller's area.
 */
export function AssignRoleDrawer({
  personId,
  open,
  onClose,
  onDone,
}: {
  personId: string;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Drawer open={open} onClose={onClose} title={t('grantForm.title')} size={isPhone ? '100%' : 520} destroyOnHidden>
      {/* Mounted afresh at each opening: a new form, nothing left from the last one. */}
      {open && <AssignRoleForm personId={personId} onCancel={onClose} onDone={onDone} />}
    </Drawer>
  );
}

function AssignRoleForm({ personId, onCancel, onDone }: { personId: string; onCancel: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<AssignValues>();
  const role = Form.useWatch('role', form);
  const kind = role ? roleOrganisationKind[role] : undefined;
  const needsArea = role !== undefined && areaScopedRoles.includes(role);
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const areas = useAreaTree();

  // A new role may need another kind of organisation: the one chosen goes, and so does the search.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of kind clears the choice.
  useEffect(() => {
    form.setFieldValue('organisationId', undefined);
    setSearch('');
  }, [kind]);

  const organisations = useQuery(
    (signal) =>
      kind ? accessApi.listOrganisations({ kind, q: search.trim() || undefined, limit: 50 }, signal) : Promise.resolve({ items: [] }),
    [kind, search],
  );

  const submit = async (values: AssignValues) => {
    setBusy(true);
    setProblem(null);
    const [from, until] = values.validity ?? [null, null];
    try {
      await accessApi.createGrant(personId, {
        role: values.role,
        organisationId: values.organisationId,
        ...(needsArea && values.areaId ? { areaId: values.areaId } : {}),
        ...(from ? { validFrom: fromCstPickerValue(minute(from)) } : {}),
        ...(until ? { validUntil: fromCstPickerValue(minute(until)) } : {}),
      });
      void message.success(t('grantForm.assigned', { role: labels.role(values.role) }));
      form.resetFields();
      onDone();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const fields = formFieldErrors(error, assignFieldOf, t);
      if (fields.length > 0) form.setFields(fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<AssignValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      onValuesChange={() => problem && setProblem(null)}
      disabled={busy}
      data-testid="grant-form"
    >
      <Form.Item name="role" label={t('grants.role')} rules={[{ required: true, message: t('grantForm.roleRequired') }]}>
        <Select<RoleName>
          placeholder={t('grantForm.rolePlaceholder')}
          options={roleNames.map((value) => ({ value, label: labels.role(value) }))}
          optionRender={(option) => <span data-testid={`grant-role-option-${option.value}`}>{option.label}</span>}
          data-testid="grant-role"
        />
      </Form.Item>
      <Form.Item
        name="organisationId"
        label={t('grants.organisation')}
        extra={kind ? t('grantForm.organisationKind', { kind: labels.kind(kind) }) : t('grantForm.roleFirst')}
        rules={[{ required: true, message: t('grantForm.organisationRequired') }]}
      >
        <Select<string>
          showSearch={{ filterOption: false, onSearch: setSearch }}
          disabled={!kind}
          placeholder={t('grantForm.organisationPlaceholder')}
          loading={organisations.loading && kind !== undefined}
          options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          optionRender={(option) => <span data-testid={`grant-organisation-option-${option.value}`}>{option.label}</span>}
          notFoundContent={
            organisations.loading ? null : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grantForm.noOrganisation')} />
          }
          data-testid="grant-organisation"
        />
      </Form.Item>
      {organisations.problem && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert problem={organisations.problem} onRetry={organisations.reload} />
        </div>
      )}
      {needsArea && (
        <Form.Item
          name="areaId"
          label={t('grants.area')}
          extra={t('grantForm.areaHint')}
          rules={[{ required: true, message: t('grantForm.areaRequired') }]}
        >
          <TreeSelect
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('grantForm.areaPlaceholder')}
            treeData={areas.tree}
            treeDefaultExpandedKeys={areas.expanded}
            treeTitleRender={(node) => <span data-testid={`area-option-${String(node.value)}`}>{String(node.title)}</span>}
            loading={areas.loading}
            data-testid="grant-area"
          />
        </Form.Item>
      )}
      <Form.Item name="validity" label={t('grantForm.validity')} extra={t('grantForm.validityHint')}>
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          allowEmpty={[true, true]}
          needConfirm={false}
          classNames={isPhone ? { popup: 'gz-picker-popup-phone' } : undefined}
          placeholder={[t('grantForm.validFrom'), t('grantForm.validUntil')]}
          style={{ width: '100%' }}
          data-testid="grant-validity"
        />
      </Form.Item>
      {problem && (
        <Form.Item>
          <ProblemAlert problem={problem} testId="grant-form-problem" showDetail={!allFieldsShown(problem, assignFieldOf)} />
        </Form.Item>
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="grant-submit">
          {t('grantForm.submit')}
        </Button>
        <Button onClick={onCancel} disabled={false}>
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  );
}
