/**
 * Shapes of the inspections API, inferred from the server's zod schemas
 * (type-only imports: nothing of the server is bundled). The lists of codes
 * the screens iterate over are repeated here as values, checked against the
 * server's types so the two cannot drift apart unnoticed.
 */
import type { z } from 'zod';
import type * as s from '../../../../src/modules/inspections/inspections.schemas';
import type * as ps from '../../../../src/modules/inspections/planning.schemas';

export type Kind = z.infer<typeof s.kind>;
export type Mode = z.infer<typeof s.mode>;
export type Manner = z.infer<typeof s.manner>;
export type Status = z.infer<typeof s.status>;
export type Verdict = z.infer<typeof s.verdict>;
export type Outcome = z.infer<typeof s.outcome>;
export type ChecklistScope = z.infer<typeof s.checklistScope>;
export type PackageStep = z.infer<typeof s.packageStep>;
export type Recurrence = z.infer<typeof s.recurrence>;
export type Trade = z.infer<typeof s.trade>;

/** What the server answers (outputs: defaults applied). */
export type ChecklistItem = z.output<typeof s.checklistItem>;
export type ItemType = ChecklistItem['type'];
export type ChecklistSection = z.output<typeof s.checklistSection>;
export type ChecklistContent = z.output<typeof s.checklistContent>;
export type ChecklistSummary = z.output<typeof s.checklistSummary>;
export type ChecklistDetail = z.output<typeof s.checklistDetail>;
export type XlsformRowProblem = z.output<typeof s.xlsformRowProblem>;

export type Answer = z.output<typeof s.answerView>;
export type Photo = z.output<typeof s.photoView>;
export type Signature = z.output<typeof s.signatureView>;
export type Party = Signature['party'];
export type Score = z.output<typeof s.scoreView>;
export type InspectionAbilities = z.output<typeof s.inspectionAbilities>;
export type InspectionSummary = z.output<typeof s.inspectionSummary>;
export type InspectionDetail = z.output<typeof s.inspectionDetail>;
export type Finding = InspectionDetail['findings'][number];
export type InspectionPage = z.output<typeof s.inspectionPage>;
export type Assignable = z.output<typeof s.assignableList>['items'][number];
export type QuestionnaireLink = z.output<typeof s.questionnaireLink>;
export type QuestionnaireView = z.output<typeof s.questionnaireView>;
export type Abilities = z.output<typeof s.abilitiesView>;
export type Target = z.output<typeof s.targetPage>['items'][number];
export type TargetPage = z.output<typeof s.targetPage>;

export type PlanTargets = z.output<typeof ps.planTargets>;
export type Plan = z.output<typeof ps.planView>;
export type PlanPreview = z.output<typeof ps.planPreview>;
export type ServicePackage = z.output<typeof ps.packageView>;
export type PackageStepView = ServicePackage['steps'][number];

/** What the client sends (inputs: defaults may be left out). */
export type ChecklistContentInput = z.input<typeof s.checklistContent>;
export type AnswerInput = z.input<typeof s.answerInput>;
export type QuestionnaireAnswerInput = z.input<typeof s.questionnaireAnswersBody>['answers'][number];
export type ReviewDecision = z.input<typeof s.reviewBody>['decisions'][number];
export type CreateInspectionRequest = z.input<typeof s.createInspectionBody>;
export type InspectionQuery = Partial<Record<keyof z.input<typeof s.inspectionQuery>, string | number | boolean | undefined>>;
export type LocationRequest = z.input<typeof s.locationBody>;
export type CreatePlanRequest = z.input<typeof ps.createPlanBody>;
export type CreatePackageRequest = z.input<typeof ps.createPackageBody>;
export type ExpertReviewRequest = z.input<typeof ps.expertReviewBody>;

/** Exactly the members of the union, in the order the screens show them. */
const all =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : 'missing a member')) =>
    list;

export const kinds = all<Kind>()(['third_party', 'enforcement', 'self_check', 'peer_check', 'patrol']);
export const modes = all<Mode>()(['on_site', 'phone', 'questionnaire']);
export const manners = all<Manner>()(['announced', 'unannounced', 'cross_area']);
export const statuses = all<Status>()(['planned', 'in_progress', 'awaiting_review', 'completed', 'cancelled']);
export const verdicts = all<Verdict>()(['compliant', 'non_compliant', 'not_applicable']);
export const itemTypes = all<ItemType>()(['verdict', 'number', 'choice', 'text', 'photo']);
export const outcomes = all<Outcome>()(['pass', 'fail', 'na', 'info', 'unanswered']);
export const checklistScopes = all<ChecklistScope>()(['library', 'regulator', 'provider', 'enterprise']);
export const packageSteps = all<PackageStep>()(['questionnaire', 'phone', 'on_site', 'expert_review']);
export const recurrences = all<Recurrence>()(['once', 'monthly', 'quarterly']);
export const parties = all<Party>()(['inspector', 'enterprise']);

/** Modes and manners each kind allows (the server's KIND_MODES / KIND_MANNERS; it refuses the others). */
export const kindModes: Record<Kind, readonly Mode[]> = {
  self_check: ['on_site'],
  third_party: ['on_site', 'phone', 'questionnaire'],
  enforcement: ['on_site', 'phone', 'questionnaire'],
  peer_check: ['on_site'],
  patrol: ['on_site'],
};
export const kindManners: Record<Kind, readonly Manner[]> = {
  self_check: ['announced'],
  third_party: ['announced', 'unannounced', 'cross_area'],
  enforcement: ['announced', 'unannounced', 'cross_area'],
  peer_check: ['announced', 'unannounced', 'cross_area'],
  patrol: ['announced', 'unannounced'],
};

/** The answer's values, as they are compared and saved. */
export interface AnswerValues {
  verdict: Verdict | null;
  number: number | null;
  choice: string | null;
  text: string | null;
  note: string | null;
}
