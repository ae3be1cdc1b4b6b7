import { EyeOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { useIsPhone } from '../../shared/useMediaQuery';
import { directoryApi } from './directory.api';
import type { Person, RevealedPerson } from './directory.types';
import { checkIdNumber, looksLikePhone } from './personalData';

/** A masked ID or phone number, or a dash when none is recorded. */
export function Masked({ value, testId }: { value: string | null; testId?: string }) {
  const { t } = useTranslation();
  return value ? (
    <span className="gz-mono" data-testid={testId}>
      {value}
    </span>
  ) : (
    <Typography.Text type="secondary" data-testid={testId}>
      {t('common.none')}
    </Typography.Text>
  );
}

/** The button that opens `RevealModal`, for people whose whole numbers the caller may see. */
export function RevealButton({ person, onReveal, size }: { person: Person; onReveal: (person: Person) => void; size?: 'small' }) {
  const { t } = useTranslation();
  if (!person.abilities.revealPersonalData || (person.idNumber === null && person.phone === null && person.email === null)) return null;
  return (
    <Button size={size} icon={<EyeOutlined />} onClick={() => onReveal(person)} data-testid={`person-reveal-${person.id}`}>
      {t('reveal.action')}
    </Button>
  );
}

/**
 * Shows a person's whole ID and phone numbers after the caller confirms that
 * the view will be recorded. The values live only in this dialog and are
 * dropped the moment it closes.
 */
export function RevealModal({ person, onClose }: { person: Person | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [revealed, setRevealed] = useState<RevealedPerson | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  // A different person (or none) never sees the previous one's numbers.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset whenever the person changes.
  useEffect(() => {
    setRevealed(null);
    setProblem(null);
  }, [person?.id]);

  const close = () => {
    setRevealed(null);
    setProblem(null);
    onClose();
  };

  const reveal = async () => {
    if (!person) return;
    setBusy(true);
    setProblem(null);
    try {
      setRevealed(await directoryApi.revealPerson(person.id));
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const shown = revealed && person && revealed.id === person.id ? revealed : null;
  return (
    <Modal
      open={person !== null}
      title={person ? t('reveal.title', { name: person.name }) : null}
      onCancel={close}
      destroyOnHidden
      data-testid="reveal-modal"
      footer={
        shown
          ? [
              <Button key="close" type="primary" icon={<LockOutlined />} onClick={close} data-testid="reveal-close">
                {t('reveal.hide')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={close} disabled={busy}>
                {t('common.cancel')}
              </Button>,
              <Button key="ok" type="primary" loading={busy} onClick={reveal} data-testid="reveal-confirm">
                {t('reveal.confirm')}
              </Button>,
            ]
      }
    >
      {shown ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              {
                key: 'idNumber',
                label: t('people.idNumber'),
                children: (
                  <span className="gz-mono gz-revealed" data-testid="revealed-id-number">
                    {shown.idNumber ?? t('common.none')}
                  </span>
                ),
              },
              {
                key: 'phone',
                label: t('people.phone'),
                children: (
                  <span className="gz-mono gz-revealed" data-testid="revealed-phone">
                    {shown.phone ?? t('common.none')}
                  </span>
                ),
              },
              {
                key: 'email',
                label: t('people.email'),
                children: (
                  <span className="gz-mono gz-revealed" data-testid="revealed-email">
                    {shown.email ?? t('common.none')}
                  </span>
                ),
              },
            ]}
          />
          <Typography.Text type="secondary">{t('reveal.recorded')}</Typography.Text>
        </Space>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('reveal.audited')} description={t('reveal.auditedHint')} />
          {problem && <ProblemAlert problem={problem} testId="reveal-problem" />}
        </Space>
      )}
    </Modal>
  );
}

interface PersonFormValues {
  name: string;
  idNumber?: string;
  phone?: string;
  email?: string;
}

const personFields = new Set(['name', 'idNumber', 'phone', 'email']);
const personFieldOf = (field: string) => (personFields.has(field) ? (field as keyof PersonFormValues) : null);

/** Registers a person. The hints under the fields catch slips; the server checks everything again and decides. */
export function PersonFormDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (person: Person) => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonFormValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const submit = async (values: PersonFormValues) => {
    setBusy(true);
    setProblem(null);
    try {
      const created = await directoryApi.createPerson({
        name: values.name.trim(),
        idNumber: values.idNumber?.trim() || null,
        phone: values.phone?.trim() || null,
        email: values.email?.trim() || null,
      });
      void message.success(t('personForm.created', { name: created.name }));
      form.resetFields();
      onCreated(created);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const fields = formFieldErrors(error, personFieldOf, t);
      if (fields.length > 0) form.setFields(fields);
    } finally {
      setBusy(false);
    }
  };

  const idHint = (value: string | undefined) => {
    if (!value?.trim()) return;
    const hint = checkIdNumber(value);
    if (hint.ok) return;
    if (hint.reason === 'check_character') throw new Error(t('fieldError.checkCharacter', { expected: hint.expected }));
    throw new Error(hint.reason === 'length' ? t('fieldError.length18') : t('fieldError.idCharset'));
  };
  const phoneHint = (value: string | undefined) => {
    if (value?.trim() && !looksLikePhone(value)) throw new Error(t('fieldError.phone'));
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('personForm.title')}
      size={isPhone ? '100%' : 480}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) setProblem(null);
      }}
      footer={
        <Space>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="person-submit">
            {t('personForm.submit')}
          </Button>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
        </Space>
      }
    >
      <Form<PersonFormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={() => problem && setProblem(null)}
        disabled={busy}
        data-testid="person-form"
      >
        <Typography.Paragraph type="secondary">{t('personForm.intro')}</Typography.Paragraph>
        <Form.Item
          name="name"
          label={t('people.name')}
          rules={[
            { required: true, whitespace: true, message: t('personForm.nameRequired') },
            { max: 100, message: t('personForm.nameTooLong') },
          ]}
        >
          <Input maxLength={100} autoComplete="off" data-testid="person-name" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('people.idNumber')}
          extra={t('personForm.idNumberHint')}
          rules={[{ warningOnly: true, validator: async (_, value: string | undefined) => idHint(value) }]}
        >
          <Input maxLength={30} autoComplete="off" className="gz-mono" data-testid="person-id-number" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('people.phone')}
          extra={t('personForm.phoneHint')}
          rules={[{ warningOnly: true, validator: async (_, value: string | undefined) => phoneHint(value) }]}
        >
          <Input maxLength={30} autoComplete="off" inputMode="tel" className="gz-mono" data-testid="person-phone" />
        </Form.Item>
        <Form.Item name="email" label={t('people.email')} extra={t('personForm.emailHint')} rules={[{ type: 'email', warningOnly: true }]}>
          <Input maxLength={254} autoComplete="off" inputMode="email" className="gz-mono" data-testid="person-email" />
        </Form.Item>
        {problem && <ProblemAlert problem={problem} testId="person-form-problem" showDetail={!allFieldsShown(problem, personFieldOf)} />}
        {/* Enter in a field submits, as the footer button does. */}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
