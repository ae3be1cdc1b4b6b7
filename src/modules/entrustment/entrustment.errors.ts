import { AppError, type InvalidField } from '../../platform/http/index.js';

export const entrustmentErrors = {
  notFound: () =>
    new AppError({
      code: 'entrustment.not_found',
      status: 404,
      title: 'No such entrustment',
      detail: 'No entrustment with that id or code that you may see.',
    }),
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'entrustment.invalid',
      status: 422,
      title: 'The entrustment cannot be made as asked',
      detail: errors.map((e) => `${e.field}: ${e.detail}`).join('; '),
      errors,
    }),
  transitionNotAllowed: (action: string, status: string) =>
    new AppError({
      code: 'entrustment.transition_not_allowed',
      status: 409,
      title: 'Not allowed in this state',
      detail: `An entrustment that is ${status.replace('_', ' ')} cannot be ${action === 'end' ? 'ended' : `${action}ed`}.`,
      extra: { status },
    }),
  notIssuer: () =>
    new AppError({
      code: 'auth.forbidden',
      status: 403,
      title: 'Not permitted',
      detail: 'Only the regulator that issued the entrustment may change it.',
    }),
};
