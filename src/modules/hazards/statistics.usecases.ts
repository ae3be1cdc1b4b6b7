/** The street dashboard from the read model, and the enterprise's quarterly statistics table from its hazards. */
import { csvDocument } from '../../platform/csv/index.js';
import { AppError } from '../../platform/http/index.js';
import type { Actor } from '../access/index.js';
import type { Core } from './hazards.core.js';
import { hazardsErrors } from './hazards.errors.js';
import { type Grade, type HazardSource, isOpen, quarterPeriod, SOURCES, STATUSES, type Status } from './hazards.rules.js';
import * as tally from './tally.repository.js';

const AREA_CACHE_MS = 60_000;
const CST = 8 * 3_600_000;
const cstDay = (d: Date) => new Date(d.getTime() + CST).toISOString().slice(0, 10);

const notInScope = () =>
  new AppError({
    code: 'auth.forbidden',
    status: 403,
    title: { 'zh-CN': '无权操作', en: 'Not permitted' },
    detail: { 'zh-CN': '该区域不在您的管辖范围内。', en: 'That area is outside the area you govern.' },
    extra: { permission: 'hazards.statistics.read' },
  });

export function createStatistics(core: Core) {
  const { db, clock, access, directory } = core.deps;
  let areas: { at: number; byId: Map<string, { name: string; parentId: string | null }> } | null = null;

  /** Area names and parents, cached for a minute (areas change rarely; the dashboard is asked often). */
  async function areaIndex() {
    const now = Date.now();
    if (!areas || now - areas.at > AREA_CACHE_MS) {
      const tree = await directory.areaTree();
      areas = { at: now, byId: new Map(tree.items.map((a) => [a.id, { name: a.name, parentId: a.parentId }])) };
    }
    return areas.byId;
  }

  return {
    async dashboard(actor: Actor, query: { areaId?: string | undefined; closedFrom?: string | undefined; closedTo?: string | undefined }) {
      const roots = access.scope(actor, 'hazards.statistics.read').areaIds;
      const index = await areaIndex();
      let areaId = query.areaId ?? roots[0];
      if (!areaId) throw notInScope();
      if (query.areaId) {
        const path: string[] = [];
        for (let a: string | null | undefined = areaId; a; a = index.get(a)?.parentId) path.push(a);
        if (!path.some((a) => roots.includes(a))) {
          // An area unknown to the cache may be new: ask the directory before refusing.
          const fresh = (await directory.areaPath(areaId)).map((a) => a.id);
          if (!fresh.some((a) => roots.includes(a))) throw notInScope();
        }
      }
      areaId = areaId as string;
      const now = clock.now();
      const to = query.closedTo ?? cstDay(now);
      const from = query.closedFrom ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01`;
      const [counts, children, overdue, closures, stopped] = await Promise.all([
        tally.countsOf(db, [areaId]),
        tally.childCounts(db, areaId),
        tally.overdueByChild(db, areaId, now),
        tally.closures(db, [areaId], `${from.slice(0, 7)}-01`, `${to.slice(0, 7)}-01`),
        tally.stoppedCount(db, [areaId]),
      ]);
      const byStatus = new Map<Status, number>(STATUSES.map((s) => [s, 0]));
      const grades = new Map<string, { count: number; open: number }>();
      const sources = new Map<string, { count: number; open: number }>(SOURCES.map((s) => [s, { count: 0, open: 0 }]));
      const trades = new Map<string, { count: number; open: number }>();
      const bump = (m: Map<string, { count: number; open: number }>, k: string, n: number, open: boolean) => {
        const v = m.get(k) ?? { count: 0, open: 0 };
        v.count += n;
        if (open) v.open += n;
        m.set(k, v);
      };
      let all = 0;
      let open = 0;
      let major = 0;
      let majorOpen = 0;
      for (const r of counts) {
        const n = Number(r.n);
        const o = isOpen(r.status);
        all += n;
        if (o) open += n;
        if (r.grade === 'major') {
          major += n;
          if (o) majorOpen += n;
        }
        byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + n);
        bump(grades, r.grade, n, o);
        bump(sources, r.source, n, o);
        bump(trades, r.trade || 'other', n, o);
      }
      const overdueByChild = new Map<string, number>();
      let overdueTotal = 0;
      for (const r of overdue) {
        const n = Number(r.n);
        overdueTotal += n;
        if (r.child) overdueByChild.set(r.child, (overdueByChild.get(r.child) ?? 0) + n);
      }
      const areaRows = new Map<string, { count: number; open: number; major: number }>();
      for (const r of children) {
        const n = Number(r.n);
        const v = areaRows.get(r.area_id) ?? { count: 0, open: 0, major: 0 };
        v.count += n;
        if (isOpen(r.status)) {
          v.open += n;
          if (r.grade === 'major') v.major += n;
        }
        areaRows.set(r.area_id, v);
      }
      return {
        area: { id: areaId, name: index.get(areaId)?.name ?? '' },
        generatedAt: now.toISOString(),
        totals: {
          all,
          open,
          closed: byStatus.get('closed') ?? 0,
          dismissed: byStatus.get('dismissed') ?? 0,
          major,
          majorOpen,
          overdue: overdueTotal,
          supervised: majorOpen,
          productionStopped: stopped,
        },
        byStatus: STATUSES.map((s) => ({ status: s, count: byStatus.get(s) ?? 0 })),
        byGrade: (['general', 'major', 'unassessed'] as const).map((g) => ({ grade: g, ...(grades.get(g) ?? { count: 0, open: 0 }) })),
        bySource: SOURCES.map((s) => ({ source: s, ...(sources.get(s) ?? { count: 0, open: 0 }) })),
        byIndustry: [...trades.entries()].map(([trade, v]) => ({ trade, ...v })).sort((a, b) => b.count - a.count),
        byArea: [...areaRows.entries()]
          .map(([id, v]) => ({ area: { id, name: index.get(id)?.name ?? '' }, ...v, overdue: overdueByChild.get(id) ?? 0 }))
          .sort((a, b) => a.area.name.localeCompare(b.area.name, 'zh-CN')),
        closure: {
          from,
          to,
          closed: closures.closed,
          withDeadline: closures.withDeadline,
          onTime: closures.onTime,
          onTimeRate: closures.withDeadline ? closures.onTime / closures.withDeadline : null,
          meanDaysToClose: closures.closed ? Math.round((closures.seconds / closures.closed / 86_400) * 10) / 10 : null,
        },
      };
    },

    /** 16号令 Art. 14: the enterprise's quarterly table, due by the 15th of the month after the quarter. */
    async quarterly(actor: Actor, query: { enterpriseId: string; year: number; quarter: number }) {
      const [enterprise] = await directory.organisationsByIds([query.enterpriseId]);
      if (enterprise?.kind !== 'enterprise')
        throw hazardsErrors.invalid([hazardsErrors.field('enterpriseId', 'is not an enterprise', 'querystring')]);
      const areaPath = await core.areaPathOf(enterprise.area_id);
      if (!core.covers(actor, 'hazards.statistics.quarterly', { enterprise_id: enterprise.id, area_path: areaPath }))
        throw hazardsErrors.forbidden('hazards.statistics.quarterly');
      const period = quarterPeriod(query.year, query.quarter as 1 | 2 | 3 | 4);
      const { from, to } = period;
      const rows = await db
        .selectFrom('hazards.hazard')
        .select([
          'code',
          'title',
          'grade',
          'proposed_grade',
          'source',
          'status',
          'discovered_at',
          'deadline',
          'closed_at',
          'dismissed_at',
          'submitted_at',
          'treating_at',
          'supervised_at',
          'five_implementations',
          'order_funding',
        ])
        .where('enterprise_id', '=', enterprise.id)
        .where('discovered_at', '<', to)
        .orderBy('discovered_at')
        .execute();
      const before = (d: Date | null, t: Date) => d !== null && d.getTime() < t.getTime();
      const gradeOf = (r: (typeof rows)[number]): Grade => r.grade ?? r.proposed_grade ?? 'general';
      const live = rows.filter((r) => !before(r.dismissed_at, to));
      const found = live.filter((r) => r.discovered_at.getTime() >= from.getTime());
      const closedBy = (r: (typeof rows)[number], t: Date) => before(r.closed_at, t);
      const count = (list: typeof rows) => {
        const major = list.filter((r) => gradeOf(r) === 'major').length;
        return { general: list.length - major, major, total: list.length };
      };
      const rectified = found.filter((r) => closedBy(r, to));
      const openAtEnd = live.filter((r) => !closedBy(r, to));
      const majorsDuring = live.filter((r) => gradeOf(r) === 'major' && !closedBy(r, from));
      let cents = 0;
      for (const r of found) {
        const amount = r.five_implementations.funding?.amount ?? r.order_funding?.amount;
        if (amount) cents += Math.round(Number(amount) * 100);
      }
      const bySource = new Map<HazardSource, number>();
      for (const r of found) bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
      const end = Math.min(to.getTime(), clock.now().getTime());
      return {
        enterprise: { id: enterprise.id, name: enterprise.name, creditCode: enterprise.credit_code },
        year: query.year,
        quarter: query.quarter,
        period: { from: from.toISOString(), to: to.toISOString() },
        dueBy: period.dueBy,
        found: count(found),
        bySource: SOURCES.map((s) => ({ source: s, count: bySource.get(s) ?? 0 })),
        rectified: count(rectified),
        rate: found.length ? rectified.length / found.length : null,
        carriedOver: {
          fromBefore: live.filter((r) => r.discovered_at.getTime() < from.getTime() && !closedBy(r, from)).length,
          openAtEnd: openAtEnd.length,
        },
        major: {
          listedForSupervision: majorsDuring.filter((r) => before(r.supervised_at, to)).length,
          underTreatment: majorsDuring.filter((r) => before(r.treating_at, to) && !closedBy(r, to)).length,
          funding: (cents / 100).toFixed(2),
        },
        overdueAtEnd: openAtEnd.filter((r) => r.deadline && r.deadline.getTime() < end && !(r.submitted_at && r.submitted_at <= r.deadline))
          .length,
        rows: [...found, ...openAtEnd.filter((r) => !found.includes(r))].map((r) => ({
          code: r.code,
          title: r.title,
          grade: r.grade,
          source: r.source,
          status: r.status,
          discoveredAt: r.discovered_at.toISOString(),
          deadline: r.deadline?.toISOString() ?? null,
          closedAt: r.closed_at?.toISOString() ?? null,
        })),
      };
    },
  };
}

type Quarterly = Awaited<ReturnType<ReturnType<typeof createStatistics>['quarterly']>>;

const GRADE_ZH: Record<string, string> = { general: '一般', major: '重大' };
const SOURCE_ZH: Record<HazardSource, string> = {
  self_check: '企业自查',
  third_party: '第三方检查',
  enforcement: '执法检查',
  peer_check: '互助组互查',
  patrol: '巡查',
  public_report: '群众举报',
  control_check: '管控措施检查',
};

/** The quarterly table as CSV (UTF-8 with BOM), headed in Chinese as the form is filed. */
export function quarterlyCsv(q: Quarterly): string {
  const pct = (r: number | null) => (r === null ? '' : `${(r * 100).toFixed(1)}%`);
  return csvDocument([
    ['隐患排查治理情况季度统计表'],
    ['单位名称', q.enterprise.name, '统一社会信用代码', q.enterprise.creditCode ?? ''],
    ['统计期间', `${q.year}年第${q.quarter}季度`, '报送截止日期', q.dueBy],
    [],
    ['项目', '一般隐患', '重大隐患', '合计'],
    ['本季度排查发现', q.found.general, q.found.major, q.found.total],
    ['本季度已整改销号', q.rectified.general, q.rectified.major, q.rectified.total],
    ['整改率', '', '', pct(q.rate)],
    ['上季度结转未销号', '', '', q.carriedOver.fromBefore],
    ['季末未销号', '', '', q.carriedOver.openAtEnd],
    ['季末逾期未整改', '', '', q.overdueAtEnd],
    ['重大隐患挂牌督办', '', q.major.listedForSupervision, ''],
    ['重大隐患治理中', '', q.major.underTreatment, ''],
    ['治理资金（元）', '', '', q.major.funding],
    [],
    ['隐患来源', '数量'],
    ...q.bySource.map((s) => [SOURCE_ZH[s.source], s.count]),
    [],
    ['隐患编号', '隐患名称', '等级', '来源', '状态', '发现时间', '整改期限', '销号时间'],
    ...q.rows.map((r) => [
      r.code,
      r.title,
      r.grade ? GRADE_ZH[r.grade] : '',
      SOURCE_ZH[r.source],
      r.status,
      cstDay(new Date(r.discoveredAt)),
      r.deadline ? cstDay(new Date(r.deadline)) : '',
      r.closedAt ? cstDay(new Date(r.closedAt)) : '',
    ]),
  ]);
}
