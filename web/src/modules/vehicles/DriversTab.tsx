import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Empty, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useIsPhone } from '../../shared/useMediaQuery';
import { directoryApi } from '../directory/directory.api';
import { vehiclesApi } from './vehicles.api';
import type { DriverView } from './vehicles.types';

const PAGE = 50;

/** The drivers register (从业资格证号 as on the IC card), with "add driver" for those the server says may. */
export function DriversTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const list = useQuery(
    (signal) => vehiclesApi.drivers({ ...(q ? { q } : {}), limit: PAGE, offset: (page - 1) * PAGE }, signal),
    [q, page],
  );

  const setActive = async (driver: DriverView, active: boolean) => {
    setProblem(null);
    try {
      await vehiclesApi.updateDriver(driver.id, { active });
      void message.success(t('vehicles.drivers.updated'));
      list.reload();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    }
  };

  return (
    <div className="gz-stack" data-testid="drivers">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Input.Search
          allowClear
          placeholder={t('vehicles.drivers.search')}
          aria-label={t('vehicles.drivers.search')}
          style={{ maxWidth: 280 }}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
          data-testid="driver-search"
        />
        {list.data?.abilities.create ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="driver-add">
            {t('vehicles.drivers.add')}
          </Button>
        ) : null}
      </Space>
      {list.problem ? <ProblemAlert problem={list.problem} onRetry={list.reload} /> : null}
      {problem ? <ProblemAlert problem={problem} testId="driver-problem" /> : null}
      <Table<DriverView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 720 }}
        data-testid="driver-table"
        onRow={(d) => ({ 'data-driver-id': d.id }) as object}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (count) => t('vehicles.drivers.total', { count }),
        }}
        columns={[
          { key: 'name', title: t('vehicles.drivers.name'), render: (_, d) => d.name, width: 120 },
          { key: 'code', title: t('vehicles.drivers.code'), render: (_, d) => <span className="gz-mono">{d.qualificationCode}</span> },
          { key: 'enterprise', title: t('vehicles.drivers.enterprise'), render: (_, d) => d.enterprise.name },
          {
            key: 'vehicles',
            title: t('vehicles.drivers.vehicles'),
            render: (_, d) => (
              <Space size={[4, 4]} wrap>
                {d.vehicles.map((v) => (
                  <Link key={v.id} to={`/vehicles/${v.id}`}>
                    {v.plateNumber}
                  </Link>
                ))}
              </Space>
            ),
          },
          {
            key: 'status',
            title: t('vehicles.drivers.status'),
            width: 90,
            render: (_, d) =>
              d.active ? <Tag color="green">{t('vehicles.drivers.active')}</Tag> : <Tag>{t('vehicles.drivers.inactive')}</Tag>,
          },
          {
            key: 'actions',
            title: '',
            width: 110,
            render: (_, d) =>
              !d.abilities.update ? null : d.active ? (
                <Popconfirm title={t('vehicles.drivers.deactivateConfirm')} onConfirm={() => setActive(d, false)}>
                  <Button size="small" data-testid="driver-deactivate">
                    {t('vehicles.drivers.deactivate')}
                  </Button>
                </Popconfirm>
              ) : (
                <Button size="small" onClick={() => setActive(d, true)} data-testid="driver-reactivate">
                  {t('vehicles.drivers.reactivate')}
                </Button>
              ),
          },
        ]}
      />
      <AddDriverDrawer
        open={adding}
        onClose={() => setAdding(false)}
        onDone={() => {
          setAdding(false);
          list.reload();
        }}
      />
    </div>
  );
}

interface DriverValues {
  enterpriseId: string;
  name: string;
  qualificationCode: string;
}

const driverFields = ['enterpriseId', 'name', 'qualificationCode'] as const;
const driverFieldOf = (field: string): keyof DriverValues | null =>
  (driverFields as readonly string[]).includes(field) ? (field as keyof DriverValues) : null;

function AddDriverDrawer({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Drawer open={open} onClose={onClose} title={t('vehicles.drivers.add')} size={isPhone ? '100%' : 480} destroyOnHidden>
      {open && <AddDriverForm onCancel={onClose} onDone={onDone} />}
    </Drawer>
  );
}

function AddDriverForm({ onCancel, onDone }: { onCancel: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DriverValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [search, setSearch] = useState('');
  // Regulators choose among the enterprises of their area; an enterprise's staff have their own.
  const canSearch = usePermission('directory.enterprise.list');
  const mine = useQuery((signal) => directoryApi.listMyOrganisations(signal), []);
  const found = useQuery(
    (signal) =>
      canSearch ? directoryApi.listEnterprises({ q: search.trim() || undefined, limit: 50, offset: 0 }, signal) : Promise.resolve(null),
    [canSearch, search],
  );
  const options = new Map((mine.data?.items ?? []).filter((o) => o.kind === 'enterprise').map((o) => [o.id, o.name]));
  for (const e of found.data?.items ?? []) options.set(e.id, e.name);
  const only = !canSearch && options.size === 1 ? [...options.keys()][0] : undefined;

  const submit = async (values: DriverValues) => {
    setBusy(true);
    setProblem(null);
    try {
      const created = await vehiclesApi.createDriver({
        enterpriseId: values.enterpriseId,
        name: values.name.trim(),
        qualificationCode: values.qualificationCode.trim(),
      });
      void message.success(t('vehicles.drivers.added', { name: created.name }));
      onDone();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const fields = formFieldErrors(error, driverFieldOf, t);
      if (fields.length > 0) form.setFields(fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<DriverValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      onValuesChange={() => problem && setProblem(null)}
      disabled={busy}
      data-testid="driver-form"
      // The form remounts when its only enterprise arrives, so it starts chosen.
      key={only ?? 'choose'}
      initialValues={only ? { enterpriseId: only } : {}}
    >
      {problem ? (
        <ProblemAlert problem={problem} showDetail={!allFieldsShown(problem, driverFieldOf)} testId="driver-form-problem" />
      ) : null}
      <Form.Item
        name="enterpriseId"
        label={t('vehicles.drivers.enterprise')}
        rules={[{ required: true, message: t('vehicles.drivers.enterpriseRequired') }]}
      >
        <Select<string>
          showSearch={canSearch ? { filterOption: false, onSearch: setSearch } : false}
          loading={mine.loading || found.loading}
          options={[...options].map(([value, label]) => ({ value, label }))}
          optionRender={(option) => <span data-testid={`driver-enterprise-option-${option.value}`}>{option.label}</span>}
          notFoundContent={mine.loading || found.loading ? null : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          data-testid="driver-enterprise"
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('vehicles.drivers.name')}
        rules={[{ required: true, whitespace: true, max: 50, message: t('vehicles.drivers.nameRequired') }]}
      >
        <Input autoComplete="off" data-testid="driver-name" />
      </Form.Item>
      <Form.Item
        name="qualificationCode"
        label={t('vehicles.drivers.code')}
        extra={t('vehicles.drivers.codeInvalid')}
        rules={[
          { required: true, message: t('vehicles.drivers.codeRequired') },
          { pattern: /^\s*[0-9A-Za-z]{1,20}\s*$/, message: t('vehicles.drivers.codeInvalid') },
        ]}
      >
        <Input autoComplete="off" className="gz-mono" data-testid="driver-code" />
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="driver-save">
          {t('vehicles.drivers.save')}
        </Button>
        <Button onClick={onCancel}>{t('vehicles.drivers.cancel')}</Button>
      </Space>
    </Form>
  );
}
