import { describe, expect, it } from 'vitest';
import {
  type ActorFacts,
  assertTransition,
  checkTransition,
  DEFAULT_DEADLINE_POLICY,
  daysOverdue,
  dueNotice,
  type Grade,
  type HazardFacts,
  hazardCode,
  isOpen,
  isOverdue,
  mayAttempt,
  NEXT_STATES,
  noticeHorizonSeconds,
  noticeStages,
  onTime,
  PRODUCTION_STATUSES,
  type ProductionAction,
  type ProductionStatus,
  productionTarget,
  quarterPeriod,
  REQUIREMENTS,
  type RequestFacts,
  type Requirement,
  requirementsFor,
  STATUSES,
  type Status,
  storedBlockers,
  supervisingTiers,
  TRANSITION_NAMES,
  TRANSITIONS,
  type TransitionName,
  TransitionRefused,
  target,
  unmet,
} from './hazards.rules.js';

const NOW = new Date('2026-03-10T02:00:00Z');
const DAY = 86_400_000;
const later = new Date(NOW.getTime() + 10 * DAY);
const earlier = new Date(NOW.getTime() - 10 * DAY);

/** A hazard with everything any transition could require already there. */
function complete(status: Status, grade: Grade | null = 'general', over: Partial<HazardFacts> = {}): HazardFacts {
  return {
    status,
    grade,
    proposedGrade: grade,
    criterion: { library: 'gongmao-2023', version: '2023-05-15', clause: '第三条第（一）项' },
    order: { measures: '加装防护罩', responsibleName: '王工', deadline: later },
    five: {
      measures: '停用并更换',
      responsibility: { personName: '李总' },
      funding: { amount: '120000.00', source: '企业自筹' },
      deadline: later.toISOString(),
      contingencyPlan: { evidenceId: '00000000-0000-4000-8000-000000000001', title: '专项应急预案' },
    },
    plan: {
      goalsAndTasks: 'a',
      methodsAndMeasures: 'b',
      fundsAndMaterials: 'c',
      organisationAndPeople: 'd',
      timeLimitAndRequirements: 'e',
      safetyMeasuresAndContingency: 'f',
    },
    supervisionListed: true,
    deadline: later,
    submittedBy: 'rectifier',
    contingencyPlanOnFile: true,
    ...over,
  };
}

const fullRequest: RequestFacts = {
  note: '已整改',
  reason: '复查不合格',
  afterEvidence: 1,
  basis: 'inspection',
  assessmentDocument: false,
};
const everyone: ActorFacts = { personId: 'acceptor', may: () => true };
const nobody: ActorFacts = { personId: 'acceptor', may: () => false };
const only = (...permissions: string[]): ActorFacts => ({ personId: 'acceptor', may: (p) => permissions.includes(p) });

/** The closed loop as the issue and 16号令 describe it; the table in code must say exactly this. */
const EXPECTED_EDGES: Record<TransitionName, Partial<Record<Status, Status>>> = {
  register: { discovered: 'registered' },
  assess: { registered: 'assessed' },
  fix_on_spot: { registered: 'closed', assessed: 'closed' },
  start_treatment: { assessed: 'treating' },
  submit: { treating: 'awaiting_acceptance' },
  accept: { awaiting_acceptance: 'accepted' },
  reject: { awaiting_acceptance: 'treating' },
  close: { accepted: 'closed' },
  reopen: { closed: 'treating', accepted: 'treating', dismissed: 'registered' },
  dismiss: { discovered: 'dismissed', registered: 'dismissed' },
};

describe('the transition table', () => {
  for (const name of TRANSITION_NAMES) {
    for (const from of STATUSES) {
      const expected = EXPECTED_EDGES[name][from] ?? null;
      it(`${name} from ${from} → ${expected ?? 'not allowed'}`, () => {
        expect(target(name, from)).toBe(expected);
        const check = checkTransition(name, complete(from), fullRequest, everyone, NOW);
        if (expected) expect(check).toMatchObject({ ok: true, to: expected });
        else expect(check).toEqual({ ok: false, reason: 'not_allowed', from });
      });
    }
  }

  describe('every pair of states', () => {
    const reachable = new Set(Object.values(EXPECTED_EDGES).flatMap((edges) => Object.entries(edges).map(([from, to]) => `${from}→${to}`)));
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const allowed = reachable.has(`${from}→${to}`);
        it(`${from} → ${to} is ${allowed ? 'a step of the loop' : 'impossible'}`, () => {
          expect(NEXT_STATES[from].includes(to)).toBe(allowed);
          const someTransitionGoesThere = TRANSITION_NAMES.some((n) => target(n, from) === to);
          expect(someTransitionGoesThere).toBe(allowed);
        });
      }
    }
  });

  it('closed and dismissed are the only states that are not open; only reopening leaves them', () => {
    expect(STATUSES.filter((s) => !isOpen(s))).toEqual(['closed', 'dismissed']);
    for (const name of TRANSITION_NAMES.filter((n) => n !== 'reopen')) {
      expect(target(name, 'closed')).toBeNull();
      expect(target(name, 'dismissed')).toBeNull();
    }
  });

  it('a major hazard never reaches closed but through acceptance by a regulator', () => {
    expect(TRANSITIONS.accept.permission.major).toBe('hazards.acceptance.major');
    expect(checkTransition('fix_on_spot', complete('assessed', 'major'), fullRequest, everyone, NOW)).toEqual({
      ok: false,
      reason: 'requirements_unmet',
      missing: ['grade'],
    });
  });
});

describe('permissions', () => {
  for (const name of TRANSITION_NAMES) {
    const from = Object.keys(EXPECTED_EDGES[name])[0] as Status;
    for (const grade of ['general', 'major'] as const) {
      if (name === 'fix_on_spot' && grade === 'major') continue;
      const permission = (() => {
        const p = TRANSITIONS[name].permission;
        return typeof p === 'string' ? p : p[grade];
      })();
      it(`${name} of a ${grade} hazard needs ${permission}`, () => {
        const h = complete(from, grade);
        expect(checkTransition(name, h, fullRequest, nobody, NOW)).toEqual({ ok: false, reason: 'forbidden', permission });
        expect(checkTransition(name, h, fullRequest, only(permission), NOW).ok).toBe(true);
      });
    }
  }

  it('the general acceptance permission does not accept a major hazard', () => {
    expect(
      checkTransition('accept', complete('awaiting_acceptance', 'major'), fullRequest, only('hazards.acceptance.general'), NOW),
    ).toEqual({
      ok: false,
      reason: 'forbidden',
      permission: 'hazards.acceptance.major',
    });
  });

  it('an unassessed hazard counts as general for grade-dependent permissions', () => {
    expect(checkTransition('dismiss', complete('registered', null), fullRequest, only('hazards.hazard.dismiss'), NOW).ok).toBe(true);
  });
});

describe('separation of duties', () => {
  for (const name of ['accept', 'reject'] as const) {
    it(`whoever submitted the rectification cannot ${name} it`, () => {
      const h = complete('awaiting_acceptance', 'general', { submittedBy: 'acceptor' });
      expect(checkTransition(name, h, fullRequest, everyone, NOW)).toEqual({ ok: false, reason: 'separation_of_duties' });
      expect(mayAttempt(name, h, everyone)).toBe(false);
    });
    it(`someone else may ${name} it`, () => {
      const h = complete('awaiting_acceptance', 'general', { submittedBy: 'rectifier' });
      expect(checkTransition(name, h, fullRequest, everyone, NOW).ok).toBe(true);
      expect(mayAttempt(name, h, everyone)).toBe(true);
    });
  }
  it('assertTransition throws the refusal', () => {
    const h = complete('awaiting_acceptance', 'general', { submittedBy: 'acceptor' });
    expect(() => assertTransition('accept', h, fullRequest, everyone, NOW)).toThrow(TransitionRefused);
    expect(assertTransition('accept', complete('awaiting_acceptance'), fullRequest, everyone, NOW)).toBe('accepted');
  });
});

/** For each requirement: a transition that needs it, how to break it, and the fields then named. */
const BREAK: Record<
  Requirement,
  { name: TransitionName; from: Status; grade: Grade | null; h?: Partial<HazardFacts>; r?: RequestFacts; missing: string[] }
> = {
  note: { name: 'submit', from: 'treating', grade: 'general', r: { note: ' ' }, missing: ['note'] },
  reason: { name: 'reject', from: 'awaiting_acceptance', grade: 'general', r: { reason: '' }, missing: ['reason'] },
  grade: { name: 'assess', from: 'registered', grade: null, missing: ['grade'] },
  criterion: { name: 'assess', from: 'registered', grade: 'major', h: { criterion: null }, missing: ['criterion'] },
  not_major: { name: 'fix_on_spot', from: 'registered', grade: null, h: { proposedGrade: 'major' }, missing: ['grade'] },
  after_evidence: { name: 'fix_on_spot', from: 'registered', grade: 'general', r: { afterEvidence: 0 }, missing: ['evidenceIds'] },
  rectification_order: {
    name: 'start_treatment',
    from: 'assessed',
    grade: 'general',
    h: { order: { measures: '', responsibleName: null, deadline: later } },
    missing: ['measures', 'responsiblePerson.name'],
  },
  five_implementations: {
    name: 'start_treatment',
    from: 'assessed',
    grade: 'major',
    h: { five: { measures: '停用', deadline: later.toISOString() }, contingencyPlanOnFile: false },
    missing: ['fiveImplementations.responsibility', 'fiveImplementations.funding', 'fiveImplementations.contingencyPlan'],
  },
  treatment_plan: {
    name: 'start_treatment',
    from: 'assessed',
    grade: 'major',
    h: { plan: { goalsAndTasks: 'a', methodsAndMeasures: 'b' } },
    missing: [
      'treatmentPlan.fundsAndMaterials',
      'treatmentPlan.organisationAndPeople',
      'treatmentPlan.timeLimitAndRequirements',
      'treatmentPlan.safetyMeasuresAndContingency',
    ],
  },
  supervision_listed: {
    name: 'start_treatment',
    from: 'assessed',
    grade: 'major',
    h: { supervisionListed: false },
    missing: ['supervision'],
  },
  not_rectifier: { name: 'accept', from: 'awaiting_acceptance', grade: 'general', h: { submittedBy: 'acceptor' }, missing: [] },
  assessment_document: {
    name: 'accept',
    from: 'awaiting_acceptance',
    grade: 'major',
    r: { basis: 'assessment', assessmentDocument: false },
    missing: ['assessmentEvidenceId'],
  },
  future_deadline: { name: 'start_treatment', from: 'assessed', grade: 'general', h: { deadline: earlier }, missing: ['deadline'] },
  reopen_deadline: { name: 'reopen', from: 'closed', grade: 'general', h: { deadline: null }, missing: ['deadline'] },
};

describe('every requirement', () => {
  for (const requirement of REQUIREMENTS) {
    const b = BREAK[requirement];
    it(`${requirement} is required by ${b.name} and refuses when unmet`, () => {
      const grade = b.grade ?? 'general';
      expect(requirementsFor(b.name, { grade, proposedGrade: null })).toContain(requirement);
      const h = complete(b.from, b.grade, b.h);
      const r = { ...fullRequest, ...b.r };
      const check = checkTransition(b.name, h, r, everyone, NOW);
      if (requirement === 'not_rectifier') expect(check).toEqual({ ok: false, reason: 'separation_of_duties' });
      else expect(check).toEqual({ ok: false, reason: 'requirements_unmet', missing: b.missing });
      expect(unmet(requirement, target(b.name, b.from) as Status, h, r, everyone, NOW).length).toBeGreaterThan(0);
    });
    it(`${requirement} is met by a complete hazard and request`, () => {
      const h = complete(b.from, b.grade ?? 'general');
      expect(unmet(requirement, target(b.name, b.from) as Status, h, fullRequest, everyone, NOW)).toEqual([]);
    });
  }

  it('every requirement is used by some transition', () => {
    const used = new Set(
      TRANSITION_NAMES.flatMap((n) => [
        ...requirementsFor(n, { grade: 'general', proposedGrade: null }),
        ...requirementsFor(n, { grade: 'major', proposedGrade: null }),
      ]),
    );
    expect([...used].sort()).toEqual([...REQUIREMENTS].sort());
  });

  it('a major hazard starts treatment only with its five implementations, its plan and its listing', () => {
    expect(requirementsFor('start_treatment', { grade: 'major', proposedGrade: 'major' })).toEqual([
      'five_implementations',
      'treatment_plan',
      'supervision_listed',
      'future_deadline',
    ]);
    const empty = complete('assessed', 'major', {
      five: {},
      plan: {},
      supervisionListed: false,
      deadline: null,
      contingencyPlanOnFile: false,
    });
    const check = checkTransition('start_treatment', empty, {}, everyone, NOW);
    expect(check.ok).toBe(false);
    if (!check.ok && check.reason === 'requirements_unmet') expect(check.missing).toHaveLength(5 + 6 + 1);
  });

  it('reopening a dismissed report needs no deadline; reopening a closed hazard does', () => {
    expect(checkTransition('reopen', complete('dismissed', null, { deadline: null }), { reason: 'x' }, everyone, NOW)).toMatchObject({
      ok: true,
      to: 'registered',
    });
    expect(checkTransition('reopen', complete('closed', 'general', { deadline: null }), { reason: 'x' }, everyone, NOW)).toEqual({
      ok: false,
      reason: 'requirements_unmet',
      missing: ['deadline'],
    });
  });

  it('blockers name what the stored hazard lacks, not what the request brings', () => {
    const h = complete('assessed', 'major', { plan: {} });
    expect(storedBlockers('start_treatment', h, NOW)).toHaveLength(6);
    expect(storedBlockers('submit', complete('treating'), NOW)).toEqual([]);
    expect(storedBlockers('submit', complete('assessed'), NOW)).toEqual([]);
  });

  it('abilities agree with the checks for a complete request', () => {
    for (const name of TRANSITION_NAMES)
      for (const from of STATUSES)
        for (const grade of ['general', 'major'] as const) {
          const h = complete(from, grade);
          const ok = checkTransition(name, h, fullRequest, everyone, NOW).ok;
          expect(mayAttempt(name, h, everyone), `${name} ${from} ${grade}`).toBe(ok);
        }
  });
});

describe('overdue and on time', () => {
  it('only a hazard under treatment past its deadline is overdue', () => {
    for (const s of STATUSES) {
      expect(isOverdue(s, earlier, NOW)).toBe(s === 'treating');
      expect(isOverdue(s, later, NOW)).toBe(false);
      expect(isOverdue(s, null, NOW)).toBe(false);
    }
    expect(isOverdue('treating', NOW, NOW)).toBe(false);
    expect(daysOverdue('treating', earlier, NOW)).toBe(10);
    expect(daysOverdue('awaiting_acceptance', earlier, NOW)).toBeNull();
  });
  it('on time means submitted no later than the deadline', () => {
    expect(onTime(earlier, NOW)).toBe(true);
    expect(onTime(NOW, NOW)).toBe(true);
    expect(onTime(later, NOW)).toBe(false);
    expect(onTime(null, NOW)).toBeNull();
    expect(onTime(NOW, null)).toBeNull();
  });
});

describe('deadline notices', () => {
  const deadline = new Date('2026-03-20T10:00:00Z');
  const at = (days: number) => new Date(deadline.getTime() + days * DAY);
  it('the default policy reminds 3 and 1 days before, marks overdue at the deadline, escalates to tier 2 after 7 days', () => {
    expect(noticeStages(DEFAULT_DEADLINE_POLICY)).toEqual([
      { kind: 'reminder', offsetSeconds: -3 * 86_400, tier: 0 },
      { kind: 'reminder', offsetSeconds: -86_400, tier: 0 },
      { kind: 'overdue', offsetSeconds: 0, tier: 1 },
      { kind: 'escalation', offsetSeconds: 7 * 86_400, tier: 2 },
    ]);
    expect(noticeHorizonSeconds(DEFAULT_DEADLINE_POLICY)).toBe(3 * 86_400);
  });
  const cases: [number, number | null, string | null][] = [
    [-5, null, null],
    [-3, null, 'reminder:-259200'],
    [-2, -259_200, null],
    [-1, -259_200, 'reminder:-86400'],
    [-0.5, -86_400, null],
    [0, -86_400, 'overdue:0'],
    [3, 0, null],
    [7, 0, 'escalation:604800'],
    [30, 604_800, null],
    // The job was down: only the latest stage due is sent, the skipped ones are not sent late.
    [10, null, 'escalation:604800'],
    [0.1, -259_200, 'overdue:0'],
  ];
  for (const [days, last, expected] of cases) {
    it(`${days} days from the deadline, last sent ${last ?? 'none'} → ${expected ?? 'nothing'}`, () => {
      const stage = dueNotice(deadline, last, at(days), DEFAULT_DEADLINE_POLICY);
      expect(stage ? `${stage.kind}:${stage.offsetSeconds}` : null).toBe(expected);
    });
  }
  it('thresholds are data: another policy gives other stages', () => {
    const policy = { remindDaysBefore: [7], escalations: [{ afterDays: 0, tier: 1 as const }], resumptionReviewDays: 10 };
    expect(dueNotice(deadline, null, at(-6), policy)?.kind).toBe('reminder');
    expect(dueNotice(deadline, 0, at(100), policy)).toBeNull();
  });
});

describe('supervising tiers', () => {
  const path = ['city', 'district', 'street', 'community', 'grid'];
  const regulators = [
    { id: 'street-office', areaId: 'street', department: 'emergency' },
    { id: 'market-office', areaId: 'street', department: 'market' },
    { id: 'district-bureau', areaId: 'district', department: 'emergency' },
    { id: 'district-transport', areaId: 'district', department: 'transport' },
  ];
  it('tier 1 is the nearest emergency-management regulator, tier 2 the next one up', () => {
    expect(supervisingTiers(path, regulators)).toEqual({ tier1: 'street-office', tier2: 'district-bureau' });
  });
  it('without emergency-management regulators any regulator on the path serves', () => {
    expect(
      supervisingTiers(
        path,
        regulators.filter((r) => r.department !== 'emergency'),
      ),
    ).toEqual({
      tier1: 'market-office',
      tier2: 'district-transport',
    });
  });
  it('nobody governs an enterprise outside every area', () => {
    expect(supervisingTiers([], regulators)).toEqual({ tier1: null, tier2: null });
  });
});

describe('production stop and resumption after review', () => {
  const EXPECTED: Record<ProductionAction, Partial<Record<ProductionStatus, ProductionStatus>>> = {
    stop: { none: 'stopped', resumed: 'stopped' },
    apply: { stopped: 'resumption_applied' },
    approve: { resumption_applied: 'resumed' },
    refuse: { resumption_applied: 'stopped' },
  };
  for (const action of ['stop', 'apply', 'approve', 'refuse'] as const)
    for (const current of PRODUCTION_STATUSES)
      for (const hazard of STATUSES) {
        let expected: ProductionStatus | null = EXPECTED[action][current] ?? null;
        if (action === 'stop' && !isOpen(hazard)) expected = null;
        if (action === 'apply' && !['awaiting_acceptance', 'accepted', 'closed'].includes(hazard)) expected = null;
        it(`${action} from ${current} (hazard ${hazard}) → ${expected ?? 'not allowed'}`, () => {
          expect(productionTarget(action, current, hazard)).toBe(expected);
        });
      }
  it('production resumes only through an approved review', () => {
    const into = (['stop', 'apply', 'approve', 'refuse'] as const).filter((a) =>
      PRODUCTION_STATUSES.some((s) => productionTarget(a, s, 'accepted') === 'resumed'),
    );
    expect(into).toEqual(['approve']);
  });
});

describe('codes and quarters', () => {
  it('a code carries the year of discovery in China Standard Time', () => {
    expect(hazardCode(new Date('2025-12-31T16:30:00Z'), 42)).toBe('YH-2026-000042');
    expect(hazardCode(new Date('2025-12-31T15:59:00Z'), 42)).toBe('YH-2025-000042');
  });
  it('a quarter runs from its first day to the next quarter’s, CST, and is due by the 15th after it', () => {
    expect(quarterPeriod(2026, 1)).toEqual({
      from: new Date('2025-12-31T16:00:00Z'),
      to: new Date('2026-03-31T16:00:00Z'),
      dueBy: '2026-04-15',
    });
    expect(quarterPeriod(2026, 4).dueBy).toBe('2027-01-15');
  });
});
