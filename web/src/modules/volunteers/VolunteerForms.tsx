import { DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import type { useCatalogue } from './VolunteersParts';
import { volunteersApi } from './volunteers.api';
import type { ActivityKind, FieldRole, Skill, Volunteer } from './volunteers.types';

/** Runs a submit; a problem is shown beside the fields it names and, for the rest, above the form. */
export function useSubmit<F extends object>(form: ReturnType<typeof Form.useForm<F>>[0], fieldNames: readonly string[]) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const nameOf = (field: string) => (fieldNames.includes(field) ? field : null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      form.setFields(formFieldErrors(error, nameOf, t) as never);
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  const alert = problem ? <ProblemAlert problem={problem} showDetail={!allFieldsShown(problem, nameOf)} /> : null;
  return { run, busy, alert, reset: () => setProblem(null) };
}

/** One line of text (a reason), then the action. */
export function ReasonModal({
  open,
  title,
  label,
  onClose,
  submit,
}: {
  open: boolean;
  title: string;
  label: string;
  onClose: () => void;
  submit: (reason: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const { run, busy, alert, reset } = useSubmit(form, ['reason']);
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => {
        form.resetFields();
        reset();
      }}
      okButtonProps={{ loading: busy, 'data-testid': 'reason-submit' }}
      onOk={() => form.validateFields().then((v) => run(() => submit(v.reason.trim())))}
    >
      {alert}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, message: t('volunteers.required') }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface HoursForm {
  date: Dayjs;
  hours: number;
  activity: string;
  kind: ActivityKind;
}

/** The office records work or training hours for a volunteer. */
export function HoursModal({ volunteer, onClose, onDone }: { volunteer: Volunteer | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<HoursForm>();
  const { run, busy, alert, reset } = useSubmit(form, ['date', 'hours', 'activity', 'kind']);
  return (
    <Modal
      open={volunteer !== null}
      title={`${t('volunteers.recordHours')}${volunteer ? `：${volunteer.name}` : ''}`}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => {
        form.resetFields();
        reset();
      }}
      okButtonProps={{ loading: busy, 'data-testid': 'hours-submit' }}
      onOk={() =>
        form.validateFields().then((v) =>
          run(async () => {
            if (!volunteer) return;
            await volunteersApi.recordHours(volunteer.personId, {
              // The picker's calendar day is the day in Beijing the hours were served.
              date: v.date.format('YYYY-MM-DD'),
              hours: v.hours,
              activity: v.activity.trim(),
              kind: v.kind,
            });
            onDone();
          }),
        )
      }
    >
      {alert}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ kind: 'training', hours: 1 }}>
        <Form.Item name="date" label={t('volunteers.hoursForm.date')} rules={[{ required: true, message: t('volunteers.required') }]}>
          <DatePicker style={{ width: '100%' }} data-testid="hours-date" />
        </Form.Item>
        <Form.Item name="hours" label={t('volunteers.hoursForm.hours')} rules={[{ required: true, message: t('volunteers.required') }]}>
          <InputNumber min={0.25} max={24} step={0.25} style={{ width: '100%' }} data-testid="hours-hours" />
        </Form.Item>
        <Form.Item
          name="activity"
          label={t('volunteers.hoursForm.activity')}
          rules={[{ required: true, whitespace: true, message: t('volunteers.required') }]}
        >
          <Input maxLength={200} data-testid="hours-activity" />
        </Form.Item>
        <Form.Item name="kind" label={t('volunteers.hoursForm.kind')}>
          <Select<ActivityKind>
            options={(['training', 'work'] as const).map((k) => ({ value: k, label: t(`volunteers.kind.${k}`) }))}
            data-testid="hours-kind"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RegisterForm {
  role: FieldRole;
  areaId: string;
  name: string;
  phone?: string;
  skills: Skill[];
}

/** The office registers a volunteer or grid worker directly. */
export function RegisterModal({
  open,
  catalogue,
  onClose,
  onDone,
}: {
  open: boolean;
  catalogue: ReturnType<typeof useCatalogue>;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RegisterForm>();
  const role = Form.useWatch('role', form) ?? 'volunteer';
  const { run, busy, alert, reset } = useSubmit(form, ['role', 'areaId', 'name', 'phone', 'skills']);
  return (
    <Modal
      open={open}
      title={t('volunteers.register')}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => {
        form.resetFields();
        reset();
      }}
      okButtonProps={{ loading: busy, 'data-testid': 'register-submit' }}
      onOk={() =>
        form.validateFields().then((v) =>
          run(async () => {
            await volunteersApi.register({
              role: v.role,
              areaId: v.areaId,
              name: v.name.trim(),
              phone: v.phone?.trim() || null,
              skills: v.skills ?? [],
            });
            onDone();
          }),
        )
      }
    >
      {alert}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ role: 'volunteer', skills: [] }}>
        <Form.Item name="role" label={t('volunteers.col.role')}>
          <Select<FieldRole>
            options={(['volunteer', 'grid_worker'] as const).map((r) => ({ value: r, label: t(`volunteers.role.${r}`) }))}
            data-testid="register-role"
          />
        </Form.Item>
        <Form.Item name="areaId" label={t('volunteers.registerForm.area')} rules={[{ required: true, message: t('volunteers.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'search' }}
            options={catalogue.areaOptions(role === 'volunteer' ? ['community'] : ['grid', 'community'])}
            data-testid="register-area"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('volunteers.registerForm.name')}
          rules={[{ required: true, whitespace: true, message: t('volunteers.required') }]}
        >
          <Input maxLength={100} data-testid="register-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('volunteers.registerForm.phone')}>
          <Input inputMode="tel" maxLength={20} data-testid="register-phone" />
        </Form.Item>
        <Form.Item name="skills" label={t('volunteers.registerForm.skills')}>
          <Select<Skill[]> mode="multiple" options={catalogue.skillOptions} data-testid="register-skills" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
