import { AppError } from '../../platform/http/index.js';

export const accessErrors = {
  invalidCredentials: () =>
    new AppError({
      code: 'auth.invalid_credentials',
      status: 401,
      title: 'Wrong username or password',
      detail: 'The username or the password is wrong.',
    }),
  throttled: (retryAfterSeconds: number) =>
    new AppError({
      code: 'auth.throttled',
      status: 429,
      title: 'Too many failed sign-ins',
      detail: `Too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`,
      extra: { retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
};
