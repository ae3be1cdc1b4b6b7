import { App, Button, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useIsPhone } from '../../shared/useMediaQuery';
import { vehiclesApi } from './vehicles.api';
import type { VehicleChange, VehicleView } from './vehicles.types';

const MAX_DRIVERS = 10;

interface EditValues {
  driverIds: string[];
  relayExempt: boolean;
  routeZoneId?: string | null;
  sim?: string;
}

const editFields = ['driverIds', 'relayExempt', 'routeZoneId', 'sim'] as const;
/** Where a server-side field error belongs on the form. */
const editFieldOf = (field: string): keyof EditValues | null =>
  (editFields as readonly string[]).includes(field) ? (field as keyof EditValues) : null;

/** Edits a vehicle's drivers, approved route, relay exemption and SIM; a full-screen drawer on a phone. */
export function VehicleEditDrawer({
  vehicle,
  open,
  onClose,
  onDone,
}: {
  vehicle: VehicleView;
  open: boolean;
  onClose: () => void;
  onDone: (next: VehicleView) => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('vehicles.edit.title', { plate: vehicle.plateNumber })}
      size={isPhone ? '100%' : 520}
      destroyOnHidden
      data-testid="vehicle-edit-drawer"
    >
      {/* Mounted afresh at each opening: the form starts from the vehicle as it is now. */}
      {open && <VehicleEditForm vehicle={vehicle} onCancel={onClose} onDone={onDone} />}
    </Drawer>
  );
}

function VehicleEditForm({
  vehicle,
  onCancel,
  onDone,
}: {
  vehicle: VehicleView;
  onCancel: () => void;
  onDone: (next: VehicleView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const drivers = useQuery(
    (signal) => vehiclesApi.drivers({ enterpriseId: vehicle.enterprise.id, active: true, limit: 200 }, signal),
    [vehicle.enterprise.id],
  );
  const routes = useQuery((signal) => vehiclesApi.routes(signal), []);
  const isCoach = vehicle.class === 'coach';

  // Those assigned now stay choosable even if the register answers late or without them.
  const driverOptions = new Map(vehicle.drivers.map((d) => [d.id, `${d.name} · ${d.qualificationCode}`]));
  for (const d of drivers.data?.items ?? []) driverOptions.set(d.id, `${d.name} · ${d.qualificationCode}`);
  const routeOptions = new Map(vehicle.route ? [[vehicle.route.id, vehicle.route.name]] : []);
  for (const r of routes.data?.items ?? []) routeOptions.set(r.id, r.name);

  const submit = async (values: EditValues) => {
    // Only what differs is sent, so the trail records only what changed.
    const change: VehicleChange = {};
    const driverIds = [...values.driverIds].sort();
    if (
      driverIds.join() !==
      vehicle.drivers
        .map((d) => d.id)
        .sort()
        .join()
    )
      change.driverIds = driverIds;
    if (values.relayExempt !== vehicle.relayExempt) change.relayExempt = values.relayExempt;
    const routeZoneId = values.routeZoneId ?? null;
    if (routeZoneId !== (vehicle.route?.id ?? null)) change.routeZoneId = routeZoneId;
    const sim = values.sim?.trim() || null;
    if (sim !== vehicle.sim) change.sim = sim;
    if (Object.keys(change).length === 0) {
      void message.info(t('vehicles.edit.unchanged'));
      onCancel();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const next = await vehiclesApi.update(vehicle.id, change);
      void message.success(t('vehicles.edit.saved'));
      onDone(next);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const fields = formFieldErrors(error, editFieldOf, t);
      if (fields.length > 0) form.setFields(fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<EditValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      onValuesChange={() => problem && setProblem(null)}
      disabled={busy}
      data-testid="vehicle-edit-form"
      initialValues={{
        driverIds: vehicle.drivers.map((d) => d.id),
        relayExempt: vehicle.relayExempt,
        routeZoneId: vehicle.route?.id ?? null,
        sim: vehicle.sim ?? '',
      }}
    >
      {problem ? <ProblemAlert problem={problem} showDetail={!allFieldsShown(problem, editFieldOf)} testId="vehicle-edit-problem" /> : null}
      <Form.Item
        name="driverIds"
        label={t('vehicles.edit.drivers')}
        extra={t('vehicles.edit.driversHelp')}
        rules={[{ type: 'array', max: MAX_DRIVERS, message: t('vehicles.edit.tooManyDrivers') }]}
      >
        <Select<string[]>
          mode="multiple"
          loading={drivers.loading}
          showSearch={{ optionFilterProp: 'label' }}
          options={[...driverOptions].map(([value, label]) => ({ value, label }))}
          optionRender={(option) => <span data-testid={`vehicle-edit-driver-option-${option.value}`}>{option.label}</span>}
          data-testid="vehicle-edit-drivers"
        />
      </Form.Item>
      <Form.Item
        name="relayExempt"
        label={t('vehicles.edit.relayExempt')}
        valuePropName="checked"
        extra={isCoach ? undefined : t('vehicles.edit.relayOnlyCoach')}
      >
        <Switch disabled={!isCoach && !vehicle.relayExempt} data-testid="vehicle-edit-relay" />
      </Form.Item>
      <Form.Item name="routeZoneId" label={t('vehicles.edit.route')}>
        <Select<string | null>
          allowClear
          loading={routes.loading}
          placeholder={t('vehicles.edit.noRoute')}
          options={[...routeOptions].map(([value, label]) => ({ value, label }))}
          optionRender={(option) => <span data-testid={`vehicle-edit-route-option-${option.value}`}>{option.label}</span>}
          data-testid="vehicle-edit-route"
        />
      </Form.Item>
      <Form.Item
        name="sim"
        label={t('vehicles.edit.sim')}
        rules={[{ pattern: /^[0-9A-Fa-f]{0,20}$/, message: t('vehicles.edit.simInvalid') }]}
      >
        <Input inputMode="numeric" autoComplete="off" data-testid="vehicle-edit-sim" />
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="vehicle-edit-save">
          {t('vehicles.edit.save')}
        </Button>
        <Button onClick={onCancel}>{t('vehicles.edit.cancel')}</Button>
      </Space>
    </Form>
  );
}
