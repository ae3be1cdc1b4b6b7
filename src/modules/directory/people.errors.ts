import { AppError, type InvalidField } from '../../platform/http/index.js';

export const peopleErrors = {
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'directory.person_invalid',
      status: 422,
      title: 'The person’s details are not valid',
      detail: errors.map((e) => `${e.field}: ${e.detail}`).join('; '),
      errors,
    }),
  duplicate: () =>
    new AppError({
      code: 'directory.person_duplicate',
      status: 409,
      title: 'This ID number is already registered',
      detail: 'A person with this ID number is already in the directory; find them by the ID number instead of adding them again.',
      errors: [{ in: 'body', field: 'idNumber', pointer: '/idNumber', detail: 'is already registered to another person' }],
    }),
  notFound: () =>
    new AppError({
      code: 'directory.person_not_found',
      status: 404,
      title: 'No such person',
      detail: 'No person with that id that you may see.',
    }),
};
