import { z } from 'zod';

/**
 * Errors are values with stable dotted codes (`hazards.already_closed`). The
 * error handler renders them as RFC 9457 problem+json whose `type` is
 * `urn:gongzhi:problem:<code>`, stable across releases, so clients can switch on it.
 */
export interface InvalidField {
  /** Where the value was: body, querystring, params, headers. */
  in: string;
  /** Dotted path of the field inside that part, e.g. `location.lng`; empty for the whole part. */
  field: string;
  /** JSON Pointer (RFC 6901) to the field inside that part. */
  pointer: string;
  detail: string;
}

export interface ProblemInit {
  code: string;
  status: number;
  title: string;
  detail?: string;
  errors?: InvalidField[];
  /** Extra members to render (RFC 9457 extension members), e.g. `retryAfterSeconds`. */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The problem document (RFC 9457) as a schema, for the OpenAPI document. */
export const problemSchema = z
  .object({
    type: z.string().describe('urn:gongzhi:problem:<code>; stable, switch on it.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().describe('The request path.'),
    code: z.string().describe('Dotted error code, e.g. auth.forbidden.'),
    requestId: z.string().optional().describe('Also in the X-Request-Id header and the logs.'),
    errors: z
      .array(z.object({ in: z.string(), field: z.string(), pointer: z.string(), detail: z.string() }))
      .optional()
      .describe('For invalid requests: each offending field.'),
  })
  .loose()
  .describe('An RFC 9457 problem document (application/problem+json).');

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: InvalidField[] | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(init: ProblemInit) {
    super(init.detail ?? init.title);
    this.name = 'AppError';
    this.code = init.code;
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.extra = init.extra;
    this.headers = init.headers;
  }
}

export const problemType = (code: string) => `urn:gongzhi:problem:${code}`;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: InvalidField[];
  [extension: string]: unknown;
}

export function toProblem(error: AppError, instance?: string, requestId?: string): ProblemDocument {
  return {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(instance ? { instance } : {}),
    code: error.code,
    ...(requestId ? { requestId } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
    ...error.extra,
  };
}

/** The platform's own problems; modules define theirs in `<module>.errors.ts`. */
export const httpErrors = {
  validation: (errors: InvalidField[]) =>
    new AppError({
      code: 'request.invalid',
      status: 400,
      title: 'The request is not valid',
      detail: errors.map((e) => `${e.in}${e.field ? `.${e.field}` : ''}: ${e.detail}`).join('; '),
      errors,
    }),
  malformedJson: (detail: string) =>
    new AppError({
      code: 'request.malformed_json',
      status: 400,
      title: 'The request body is not valid JSON',
      detail,
      errors: [{ in: 'body', field: '', pointer: '', detail }],
    }),
  tooLarge: (limit: number) =>
    new AppError({
      code: 'request.too_large',
      status: 413,
      title: 'The request body is too large',
      detail: `The limit is ${limit} bytes.`,
    }),
  unsupportedMediaType: (type: string | undefined) =>
    new AppError({
      code: 'request.unsupported_media_type',
      status: 415,
      title: 'Unsupported media type',
      detail: `Content-Type ${type ?? '(none)'} is not accepted here; send application/json.`,
    }),
  notFound: (what = 'resource') => new AppError({ code: 'not_found', status: 404, title: 'Not found', detail: `No such ${what}.` }),
  methodNotAllowed: () => new AppError({ code: 'request.method_not_allowed', status: 405, title: 'Method not allowed' }),
  unauthenticated: () => new AppError({ code: 'auth.required', status: 401, title: 'Sign-in required', detail: 'Sign in to use this.' }),
  forbidden: (permission: string) =>
    new AppError({
      code: 'auth.forbidden',
      status: 403,
      title: 'Not permitted',
      detail: `Your mandate does not include ${permission} here.`,
      extra: { permission },
    }),
  csrf: () =>
    new AppError({
      code: 'auth.csrf',
      status: 403,
      title: 'Cross-site request refused',
      detail: 'A browser request that changes data must carry the X-CSRF-Token header of its session and come from this site.',
    }),
  unavailable: () =>
    new AppError({
      code: 'service.unavailable',
      status: 503,
      title: 'Service temporarily unavailable',
      detail: 'The database cannot be reached. Nothing was changed; try again shortly.',
      headers: { 'retry-after': '5' },
    }),
  internal: () =>
    new AppError({
      code: 'internal',
      status: 500,
      title: 'Internal error',
      detail: 'Something went wrong on our side; it has been logged.',
    }),
};
