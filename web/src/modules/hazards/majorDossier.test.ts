import { describe, expect, it } from 'vitest';
import type { MajorDossier } from './hazards.types';
import { dossierCompleteness, implementationFilled, planElementFilled } from './majorDossier';

const empty: MajorDossier = {
  fiveImplementations: { measures: null, responsibility: null, funding: null, deadline: null, contingencyPlan: null },
  treatmentPlan: {
    goalsAndTasks: null,
    methodsAndMeasures: null,
    fundsAndMaterials: null,
    organisationAndPeople: null,
    timeLimitAndRequirements: null,
    safetyMeasuresAndContingency: null,
    interimMeasures: null,
  },
  report: null,
  supervision: null,
};

const full: MajorDossier = {
  ...empty,
  fiveImplementations: {
    measures: '更换防爆电气',
    responsibility: { organisation: '设备部', personName: '王工', personId: null },
    funding: { amount: '120000.00', source: '企业自筹' },
    deadline: '2026-03-01T10:00:00.000Z',
    contingencyPlan: { evidenceId: '00000000-0000-4000-8000-000000000001', title: '粉尘爆炸应急预案' },
  },
  treatmentPlan: {
    goalsAndTasks: '消除粉尘爆炸隐患',
    methodsAndMeasures: '加装除尘系统',
    fundsAndMaterials: '12 万元',
    organisationAndPeople: '设备部',
    timeLimitAndRequirements: '三个月内',
    safetyMeasuresAndContingency: '停用打磨工位',
    interimMeasures: null,
  },
};

describe('the completeness of a major-hazard dossier', () => {
  it('counts nothing in place for a dossier not yet filled in, or none at all', () => {
    for (const major of [empty, null, undefined]) {
      const c = dossierCompleteness(major);
      expect(c.five).toEqual({ done: 0, total: 5, missing: ['measures', 'responsibility', 'funding', 'deadline', 'contingencyPlan'] });
      expect(c.plan.done).toBe(0);
      expect(c.plan.total).toBe(6);
      expect(c.complete).toBe(false);
    }
  });

  it('counts all five implementations and all six plan elements when filled, without the optional interim measures', () => {
    const c = dossierCompleteness(full);
    expect(c.five).toEqual({ done: 5, total: 5, missing: [] });
    expect(c.plan).toEqual({ done: 6, total: 6, missing: [] });
    expect(c.complete).toBe(true);
  });

  it('does not count blank text, funding without a source, or a responsibility without a person', () => {
    const partial: MajorDossier = {
      ...full,
      fiveImplementations: {
        ...full.fiveImplementations,
        measures: '   ',
        funding: { amount: '100.00', source: '' },
        responsibility: { organisation: '设备部', personName: ' ', personId: null },
      },
      treatmentPlan: { ...full.treatmentPlan, goalsAndTasks: '' },
    };
    const c = dossierCompleteness(partial);
    expect(c.five.missing).toEqual(['measures', 'responsibility', 'funding']);
    expect(c.plan.missing).toEqual(['goalsAndTasks']);
    expect(c.complete).toBe(false);
    expect(implementationFilled(partial.fiveImplementations, 'deadline')).toBe(true);
    expect(planElementFilled(partial.treatmentPlan, 'methodsAndMeasures')).toBe(true);
  });
});
