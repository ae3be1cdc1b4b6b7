import { AppError, type InvalidField } from '../../platform/http/index.js';

const joined = (errors: readonly InvalidField[]) => errors.map((e) => `${e.field}: ${e.detail}`).join('; ');

/** A body field, as the problem document names it. */
export const bodyField = (field: string, detail: string): InvalidField => ({
  in: 'body',
  field,
  pointer: `/${field.replaceAll('.', '/')}`,
  detail,
});

export interface XlsformRowProblem {
  sheet: string;
  row: number;
  column: string | null;
  reason: string;
}

export const inspectionsErrors = {
  notFound: (what = 'inspection') =>
    new AppError({
      code: 'inspections.not_found',
      status: 404,
      title: 'Not found',
      detail: `No such ${what} that you may see.`,
    }),
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'inspections.invalid',
      status: 422,
      title: 'The inspection cannot be made as asked',
      detail: joined(errors),
      errors,
    }),
  notInMandate: (detail: string) =>
    new AppError({ code: 'inspections.not_in_mandate', status: 403, title: 'Outside your mandate', detail }),
  forbidden: (detail: string) => new AppError({ code: 'auth.forbidden', status: 403, title: 'Not permitted', detail }),
  transitionNotAllowed: (event: string, status: string, mode: string) =>
    new AppError({
      code: 'inspections.transition_not_allowed',
      status: 409,
      title: 'Not allowed in this state',
      detail: `An inspection that is ${status.replaceAll('_', ' ')} (${mode.replaceAll('_', ' ')}) does not allow ${event.replaceAll('_', ' ')}.`,
      extra: { status, event },
    }),
  answerInvalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'inspections.answer_invalid',
      status: 422,
      title: 'Some answers do not fit their items',
      detail: joined(errors),
      errors,
    }),
  incomplete: (errors: InvalidField[]) =>
    new AppError({
      code: 'inspections.incomplete',
      status: 422,
      title: 'The inspection cannot be completed yet',
      detail: joined(errors),
      errors,
    }),
  assigneeOutsideMandate: (errors: InvalidField[]) =>
    new AppError({
      code: 'inspections.assignee_outside_mandate',
      status: 422,
      title: 'Some people may not be assigned this inspection',
      detail: joined(errors),
      errors,
    }),
  checklistInvalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'inspections.checklist_invalid',
      status: 422,
      title: 'The checklist cannot be published',
      detail: joined(errors),
      errors,
    }),
  checklistArchived: () =>
    new AppError({
      code: 'inspections.checklist_archived',
      status: 409,
      title: 'The checklist is archived',
      detail: 'An archived checklist is kept for the inspections that used it but is not used for new ones.',
    }),
  xlsformInvalid: (rows: XlsformRowProblem[]) =>
    new AppError({
      code: 'inspections.xlsform_invalid',
      status: 422,
      title: 'The XLSForm has errors; nothing was imported',
      detail: rows
        .slice(0, 20)
        .map((r) => `${r.sheet}!${r.column ?? ''}${r.row}: ${r.reason}`)
        .join('; '),
      errors: [bodyField('file', `${rows.length} problem(s), see rows`)],
      extra: { rows },
    }),
  xlsformFormat: () =>
    new AppError({
      code: 'inspections.xlsform_format',
      status: 415,
      title: 'Not an XLSForm workbook',
      detail: 'Send an .xlsx workbook with the sheets survey, choices and settings.',
      errors: [bodyField('file', 'not an .xlsx workbook')],
    }),
  uploadRefused: (field: string, detail: string, status = 422) =>
    new AppError({ code: 'inspections.upload_refused', status, title: 'The file is refused', detail, errors: [bodyField(field, detail)] }),
  questionnaireNotFound: () =>
    new AppError({
      code: 'inspections.questionnaire_not_found',
      status: 404,
      title: 'No such questionnaire',
      detail: 'The link is unknown, has expired or has been replaced by a newer one.',
    }),
  questionnaireClosed: () =>
    new AppError({
      code: 'inspections.questionnaire_closed',
      status: 409,
      title: 'The questionnaire is closed',
      detail: 'It has been submitted; the inspector may return it to you for corrections.',
    }),
  planInvalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'inspections.plan_invalid',
      status: 422,
      title: 'The plan cannot be made as asked',
      detail: joined(errors),
      errors,
    }),
  planTooLarge: (count: number, limit: number) =>
    new AppError({
      code: 'inspections.plan_too_large',
      status: 422,
      title: 'The plan would make too many inspections',
      detail: `It would make ${count} inspections; the limit is ${limit}. Narrow the targets or the period.`,
      errors: [bodyField('targets', `${count} inspections, limit ${limit}`)],
    }),
  packageStepNotReady: () =>
    new AppError({
      code: 'inspections.package_step_not_ready',
      status: 409,
      title: 'The other steps are not finished',
      detail: 'The expert review comes after the questionnaire, phone and on-site steps are completed or cancelled.',
    }),
};
