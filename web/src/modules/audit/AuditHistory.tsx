import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { formatDateTime } from '../../shared/format';
import { useLabels } from '../../shared/labels';
import { auditApi } from './audit.api';
import type { AuditActor, AuditEntry, ChainVerification } from './audit.types';

const PAGE = 50;
const knownActions = ['create', 'suspend', 'resume', 'end'] as const;
/** Whole actions with a name of their own; others are named by their last word (`create`, `end`, …). */
const knownEvents = [
  'directory.person.create',
  'directory.person.update',
  'directory.person.reveal',
  'directory.enterprise.create',
  'directory.enterprise.edit',
  'directory.enterprise.update',
  'directory.enterprise.relocate',
  'directory.group.add_member',
  'directory.group.remove_member',
  'directory.group.set_lead',
  'access.grant.create',
  'access.grant.end',
  'access.account.create',
  'rewards.case.propose',
  'rewards.case.approve',
  'rewards.case.reject',
  'rewards.case.pay',
  'volunteers.application.approve',
  'volunteers.volunteer.register',
  'volunteers.volunteer.suspend',
  'volunteers.volunteer.reinstate',
  'volunteers.hours.record',
  'alarms.zone.update',
  'alarms.zone.retire',
  'vehicles.vehicle.create',
  'vehicles.vehicle.update',
  'vehicles.driver.create',
  'vehicles.driver.update',
] as const;
const personFields = ['name', 'idNumber', 'phone'] as const;
/** Register fields of an enterprise, named as the record page names them. */
const enterpriseFields = {
  name: 'organisation.name',
  nameEn: 'organisation.nameEn',
  address: 'organisation.address',
  lng: 'enterpriseForm.lng',
  lat: 'enterpriseForm.lat',
  areaId: 'organisation.area',
  industryCode: 'organisation.industryCode',
  trade: 'organisation.trade',
  size: 'organisation.size',
  usesHazardousChemicals: 'organisation.usesHazardousChemicals',
  supervisionClass: 'organisation.supervisionClass',
  licences: 'organisation.licences',
  principalName: 'organisation.principalName',
  safetyManagerName: 'organisation.safetyManagerName',
} as const;
/** A vehicle's profile and a driver's fields, named as the vehicle screens name them. */
const vehicleFields = {
  relayExempt: 'vehicles.edit.relayExempt',
  routeZoneId: 'vehicles.edit.route',
  driverIds: 'vehicles.edit.drivers',
  sim: 'vehicles.edit.sim',
  active: 'vehicles.drivers.status',
} as const;
/** Bookkeeping beside the changed fields, not a field of the object. */
const notFields = new Set(['relocatedBy', 'importJobId', 'becauseOfArea', 'unassignedFrom']);
const isEnterpriseEvent = (action: string) => action.startsWith('directory.enterprise.');

const recordOf = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Top-level fields whose value differs between two snapshots. */
function changedFields(before: unknown, after: unknown): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(after)) return [];
  const previous = isObject(before) ? before : {};
  return Object.keys(after).filter((key) => JSON.stringify(after[key]) !== JSON.stringify(previous[key]));
}

const reasonOf = (after: unknown): string | null => {
  if (typeof after !== 'object' || after === null) return null;
  const record = after as Record<string, unknown>;
  const reason = record.statusReason ?? record.reason;
  return typeof reason === 'string' && reason !== '' ? reason : null;
};

/**
 * The change history (工作留痕) of one object, newest first: who did what and
 * when, each entry with its link in the hash chain. Shown only to those whose
 * mandate includes reading the trail.
 */
export function AuditHistory({ targetType, targetId, refreshKey = 0 }: { targetType: string; targetId: string; refreshKey?: number }) {
  const { t } = useTranslation();
  const canVerify = usePermission('audit.chain.verify');
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState<{ loading: boolean; done: boolean; problem?: ApiProblem }>({ loading: false, done: false });
  const history = useQuery(
    (signal) => {
      setOlder([]);
      setMore({ loading: false, done: false });
      return auditApi.history({ targetType, targetId, limit: PAGE }, signal);
    },
    [targetType, targetId, refreshKey],
  );
  const entries = [...(history.data?.items ?? []), ...older];
  const lastPageFull = (older.length > 0 ? older.length % PAGE === 0 : (history.data?.items.length ?? 0) === PAGE) && !more.done;

  const loadMore = async () => {
    const last = entries.at(-1);
    if (!last) return;
    setMore({ loading: true, done: false });
    try {
      const page = await auditApi.history({ targetType, targetId, limit: PAGE, before: last.seq }, new AbortController().signal);
      setOlder((previous) => [...previous, ...page.items]);
      setMore({ loading: false, done: page.items.length < PAGE });
    } catch (error) {
      setMore({ loading: false, done: false, ...(isApiProblem(error) ? { problem: error } : {}) });
    }
  };

  return (
    <Card title={t('history.title')} size="small" data-testid="audit-history" extra={canVerify ? <ChainCheck /> : null}>
      {history.problem ? (
        <ProblemAlert problem={history.problem} onRetry={history.reload} />
      ) : !history.data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : entries.length === 0 ? (
        <Empty description={t('history.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <>
          <Timeline items={entries.map((entry) => ({ key: entry.seq, content: <HistoryEntry entry={entry} /> }))} />
          {more.problem && <ProblemAlert problem={more.problem} onRetry={loadMore} />}
          {lastPageFull && (
            <Button onClick={loadMore} loading={more.loading} block>
              {t('common.more')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}

function HistoryEntry({ entry }: { entry: AuditEntry }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const verb = entry.action.split('.').at(-1) ?? entry.action;
  const event = (knownEvents as readonly string[]).includes(entry.action) ? (entry.action as (typeof knownEvents)[number]) : null;
  const action = event
    ? t(`history.event.${event.replaceAll('.', '_') as 'directory_person_create'}`)
    : (knownActions as readonly string[]).includes(verb)
      ? t(`history.action.${verb as (typeof knownActions)[number]}`)
      : entry.action;
  const after = recordOf(entry.after);
  const list = (items: string[]) => items.join(i18n.language === 'en' ? ', ' : '、');
  const fieldLabel = (field: string) =>
    field === 'status'
      ? t('entrustments.status')
      : field === 'statusReason'
        ? t('entrustmentDetail.statusReason')
        : isEnterpriseEvent(entry.action) && field in enterpriseFields
          ? t(enterpriseFields[field as keyof typeof enterpriseFields])
          : entry.action.startsWith('vehicles.') && field in vehicleFields
            ? t(vehicleFields[field as keyof typeof vehicleFields])
            : (personFields as readonly string[]).includes(field)
              ? t(`history.field.${field as (typeof personFields)[number]}`)
              : field;
  // What the entry says beyond its action: what was viewed, which role, which username, or which fields changed.
  const viewed = entry.action === 'directory.person.reveal' && Array.isArray(after.fields) ? after.fields.map(String) : null;
  const role = entry.action === 'access.grant.create' && typeof after.role === 'string' ? after.role : null;
  const username = entry.action === 'access.account.create' && typeof after.username === 'string' ? after.username : null;
  const fields =
    verb === 'create' || event === 'access.grant.end' || viewed || entry.action.startsWith('directory.group.')
      ? []
      : changedFields(entry.before, entry.after).filter((f) => !notFields.has(f));
  // For a group's member changes: which enterprise.
  const before = recordOf(entry.before);
  const member = entry.action.startsWith('directory.group.')
    ? [after.enterpriseName, after.leadName, before.enterpriseName].find((v): v is string => typeof v === 'string')
    : undefined;
  const reason = reasonOf(entry.after);
  return (
    <div data-testid={`audit-entry-${entry.seq}`} data-action={entry.action}>
      <Typography.Text strong>{action}</Typography.Text>
      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
        {formatDateTime(entry.at, i18n.language, { seconds: true })}
      </Typography.Text>
      <div>
        <Actor actor={entry.actor} />
      </div>
      {reason && <div>{t('history.reason', { reason })}</div>}
      {viewed && <div>{t('history.viewed', { fields: list(viewed.map(fieldLabel)) })}</div>}
      {role && <div>{t('history.role', { role: labels.role(role) })}</div>}
      {username && <div>{t('history.username', { username })}</div>}
      {member && <div data-testid="audit-entry-member">{t('history.member', { name: member })}</div>}
      {fields.length > 0 && (
        <Typography.Text type="secondary">{t('history.changed', { fields: list(fields.map(fieldLabel)) })}</Typography.Text>
      )}
      <div>
        <Typography.Text type="secondary" className="gz-mono" style={{ fontSize: 12 }} title={entry.hash}>
          #{entry.seq} · {entry.hash.slice(0, 16)}…
        </Typography.Text>
      </div>
    </div>
  );
}

function Actor({ actor }: { actor: AuditActor }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const who = actor.name ?? actor.username ?? (actor.kind === 'system' ? t('history.system') : actor.kind);
  return (
    <span>
      {who}
      {typeof actor.role === 'string' && (
        <Tag style={{ marginInlineStart: 6 }} bordered={false}>
          {labels.role(actor.role)}
        </Tag>
      )}
    </span>
  );
}

/** Re-hashes the whole chain on the server and says whether it holds. */
function ChainCheck() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<{ busy: boolean; result?: ChainVerification; problem?: ApiProblem }>({ busy: false });
  const run = async () => {
    setState({ busy: true });
    try {
      setState({ busy: false, result: await auditApi.verify() });
    } catch (error) {
      setState({ busy: false, ...(isApiProblem(error) ? { problem: error } : {}) });
    }
  };
  const result = state.result;
  return (
    <span className="gz-chain-check">
      {result && (
        <Alert
          type={result.ok ? 'success' : 'error'}
          showIcon
          banner
          data-testid="audit-chain-result"
          title={
            result.ok
              ? t('history.chainOk', { entries: result.entries.toLocaleString(i18n.language) })
              : t('history.chainBroken', { seq: result.brokenAt, reason: result.reason })
          }
        />
      )}
      {state.problem && <ProblemAlert problem={state.problem} />}
      {!result && (
        <Button size="small" icon={<SafetyCertificateOutlined />} loading={state.busy} onClick={run} data-testid="audit-verify">
          {t('history.verify')}
        </Button>
      )}
    </span>
  );
}
