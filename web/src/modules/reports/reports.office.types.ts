/**
 * Shapes of the office side of the reports API (inbox, detail, triage, Open311 clients), inferred from the
 * server's zod schemas with type-only imports; the code lists the screens iterate over come from the pure rules.
 */
import type { z } from 'zod';
import { CLOSURES, REPORT_STATUSES, SERVICES } from '../../../../src/modules/reports/reports.rules';
import type * as s from '../../../../src/modules/reports/reports.schemas';

export type ReportStatus = z.infer<typeof s.statusSchema>;
export type PublicState = z.infer<typeof s.publicStateSchema>;
export type InboxPage = z.output<typeof s.inboxPage>;
export type InboxItem = InboxPage['items'][number];
export type ReportDetail = z.output<typeof s.reportDetail>;
export type ReportEvent = ReportDetail['events'][number];
export type ReporterView = z.output<typeof s.reporterView>;
export type TriageRequest = z.input<typeof s.triageBody>;
export type TriageAction = TriageRequest['action'];
export type ClientList = z.output<typeof s.clientList>;
export type Open311Client = ClientList['items'][number];
export type ClientIssued = z.output<typeof s.clientIssued>;
export type ReportPhoto = ReportDetail['photos'][number];
export type ModerationRequest = z.input<typeof s.moderationBody>;
export type FiguresPage = z.output<typeof s.figuresPage>;
export type Figures = FiguresPage['total'];
export type OfficeFigures = FiguresPage['byOrganisation'][number];
export type CategoryFigures = FiguresPage['byService'][number];

export const reportStatuses = REPORT_STATUSES;
export const closures = CLOSURES;
export type Closure = (typeof CLOSURES)[number];
/** The categories a report is filed under, with their bilingual names. */
export const reportServices = SERVICES.map((service) => ({ code: service.code, name: service.name }));

/** The inbox's filters as they stand in the address. */
export interface InboxQuery {
  status?: string | undefined;
  serviceCode?: string | undefined;
  overdue?: 'true' | undefined;
  /** Words, each found in the code, the description or the address. */
  q?: string | undefined;
  limit: number;
  offset: number;
}
