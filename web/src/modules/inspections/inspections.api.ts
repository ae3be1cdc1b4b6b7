import { api, buildUrl } from '../../app/api';
import type {
  Abilities,
  AnswerInput,
  Assignable,
  ChecklistContentInput,
  ChecklistDetail,
  ChecklistScope,
  ChecklistSummary,
  CreateInspectionRequest,
  CreatePackageRequest,
  CreatePlanRequest,
  ExpertReviewRequest,
  InspectionDetail,
  InspectionPage,
  InspectionQuery,
  Kind,
  LocationRequest,
  Party,
  Photo,
  Plan,
  PlanPreview,
  QuestionnaireAnswerInput,
  QuestionnaireLink,
  QuestionnaireView,
  ReviewDecision,
  ServicePackage,
  TargetPage,
} from './inspections.types';

const id = encodeURIComponent;
type Progress = (sent: number, total: number) => void;

export const checklistApi = {
  list: (query: { scope?: ChecklistScope; q?: string; includeArchived?: boolean }, signal: AbortSignal) =>
    api.get<{ items: ChecklistSummary[] }>('/checklists', { signal, query: { ...query } }),
  get: (checklistId: string, signal: AbortSignal) => api.get<ChecklistDetail>(`/checklists/${id(checklistId)}`, { signal }),
  version: (checklistId: string, version: number, signal: AbortSignal) =>
    api.get<ChecklistDetail>(`/checklists/${id(checklistId)}/versions/${version}`, { signal }),
  create: (content: ChecklistContentInput) => api.post<ChecklistDetail>('/checklists', content),
  /** Publishes the content as the checklist's next version. */
  publish: (checklistId: string, content: ChecklistContentInput) => api.put<ChecklistDetail>(`/checklists/${id(checklistId)}`, content),
  copy: (checklistId: string, title?: string) => api.post<ChecklistDetail>(`/checklists/${id(checklistId)}/copy`, title ? { title } : {}),
  archive: (checklistId: string) => api.post<ChecklistDetail>(`/checklists/${id(checklistId)}/archive`, {}),
  /** Where the browser downloads the XLSForm of a version. */
  xlsformUrl: (checklistId: string, version?: number) => buildUrl(`/checklists/${id(checklistId)}/xlsform`, { version }),
  /** A new checklist from an XLSForm workbook. */
  importNew: (file: File, onProgress?: Progress) => api.upload<ChecklistDetail>('/checklists/import', file, { onProgress }),
  /** The next version of a checklist from an XLSForm workbook. */
  importVersion: (checklistId: string, file: File, onProgress?: Progress) =>
    api.upload<ChecklistDetail>(`/checklists/${id(checklistId)}/import`, file, { onProgress }),
};

export const inspectionApi = {
  abilities: (signal: AbortSignal) => api.get<Abilities>('/inspections/abilities', { signal }),
  targets: (query: { kind: Kind; q?: string; limit?: number; offset?: number }, signal: AbortSignal) =>
    api.get<TargetPage>('/inspections/targets', { signal, query: { ...query } }),
  /** People the caller may assign; narrowed to a kind and an enterprise when given. */
  assignableFor: (query: { kind?: Kind; enterpriseId?: string }, signal: AbortSignal) =>
    api.get<{ items: Assignable[] }>('/inspections/assignable', { signal, query: { ...query } }),
  list: (query: InspectionQuery, signal: AbortSignal) => api.get<InspectionPage>('/inspections', { signal, query: { ...query } }),
  create: (body: CreateInspectionRequest) => api.post<InspectionDetail>('/inspections', body),
  get: (inspectionId: string, signal?: AbortSignal) =>
    api.get<InspectionDetail>(`/inspections/${id(inspectionId)}`, signal ? { signal } : undefined),
  start: (inspectionId: string, location?: LocationRequest) =>
    api.post<InspectionDetail>(`/inspections/${id(inspectionId)}/start`, location ? { location } : {}),
  saveAnswers: (inspectionId: string, answers: AnswerInput[]) =>
    api.put<InspectionDetail>(`/inspections/${id(inspectionId)}/answers`, { answers }),
  uploadPhoto: (inspectionId: string, itemKey: string | null, file: File, onProgress?: Progress) =>
    api.upload<Photo>(`/inspections/${id(inspectionId)}/photos${itemKey ? `?itemKey=${id(itemKey)}` : ''}`, file, { onProgress }),
  deletePhoto: (inspectionId: string, photoId: string) => api.delete(`/inspections/${id(inspectionId)}/photos/${id(photoId)}`),
  locate: (inspectionId: string, location: LocationRequest) =>
    api.put<InspectionDetail>(`/inspections/${id(inspectionId)}/location`, location),
  sign: (inspectionId: string, party: Party, dataUrl: string, signerName?: string) =>
    api.put<InspectionDetail>(`/inspections/${id(inspectionId)}/signatures/${party}`, signerName ? { dataUrl, signerName } : { dataUrl }),
  complete: (inspectionId: string, summary?: string) =>
    api.post<InspectionDetail>(`/inspections/${id(inspectionId)}/complete`, summary ? { summary } : {}),
  cancel: (inspectionId: string, reason: string) => api.post<InspectionDetail>(`/inspections/${id(inspectionId)}/cancel`, { reason }),
  assign: (inspectionId: string, inspectorIds: string[]) =>
    api.put<InspectionDetail>(`/inspections/${id(inspectionId)}/inspectors`, { inspectorIds }),
  reportUrl: (inspectionId: string) => buildUrl(`/inspections/${id(inspectionId)}/report`),
  sendQuestionnaire: (inspectionId: string, expiresInDays?: number) =>
    api.post<QuestionnaireLink>(`/inspections/${id(inspectionId)}/questionnaire`, expiresInDays ? { expiresInDays } : {}),
  review: (inspectionId: string, decisions: ReviewDecision[]) =>
    api.post<InspectionDetail>(`/inspections/${id(inspectionId)}/review`, { decisions }),
  returnQuestionnaire: (inspectionId: string, reason: string) =>
    api.post<InspectionDetail>(`/inspections/${id(inspectionId)}/return`, { reason }),
};

/** The enterprise's side of a questionnaire: no account, the token in the link is the key. */
export const questionnaireApi = {
  get: (token: string, signal: AbortSignal) => api.get<QuestionnaireView>(`/questionnaires/${id(token)}`, { signal }),
  save: (token: string, answers: QuestionnaireAnswerInput[]) =>
    api.put<QuestionnaireView>(`/questionnaires/${id(token)}/answers`, { answers }),
  submit: (token: string, respondentName: string, respondentTitle?: string) =>
    api.post<QuestionnaireView>(
      `/questionnaires/${id(token)}/submit`,
      respondentTitle ? { respondentName, respondentTitle } : { respondentName },
    ),
};

export const planApi = {
  list: (signal: AbortSignal) => api.get<{ items: Plan[] }>('/inspection-plans', { signal }),
  get: (planId: string, signal: AbortSignal) => api.get<Plan>(`/inspection-plans/${id(planId)}`, { signal }),
  preview: (body: CreatePlanRequest) => api.post<PlanPreview>('/inspection-plans/preview', body),
  create: (body: CreatePlanRequest) => api.post<Plan>('/inspection-plans', body),
  cancel: (planId: string, reason: string) => api.post<Plan>(`/inspection-plans/${id(planId)}/cancel`, { reason }),
};

export const packageApi = {
  list: (query: { enterpriseId?: string }, signal: AbortSignal) =>
    api.get<{ items: ServicePackage[] }>('/service-packages', { signal, query: { ...query } }),
  get: (packageId: string, signal: AbortSignal) => api.get<ServicePackage>(`/service-packages/${id(packageId)}`, { signal }),
  create: (body: CreatePackageRequest) => api.post<ServicePackage>('/service-packages', body),
  expertReview: (packageId: string, body: ExpertReviewRequest) =>
    api.post<ServicePackage>(`/service-packages/${id(packageId)}/expert-review`, body),
  cancel: (packageId: string, reason: string) => api.post<ServicePackage>(`/service-packages/${id(packageId)}/cancel`, { reason }),
};
