/**
 * The one HTTP client of the web app. It speaks JSON to `/api/v1`, adds the
 * session's CSRF token to every unsafe request, and turns RFC 9457
 * problem+json answers (and network failures) into `ApiProblem` errors.
 */

/** One invalid field of a refused request, as the server's error handler reports it. */
export interface InvalidField {
  /** Where the value was: body, querystring, params, headers. */
  in: string;
  /** Dotted path of the field inside that part, e.g. `location.lng`; empty for the whole part. */
  field: string;
  /** JSON Pointer (RFC 6901) to the field inside that part. */
  pointer: string;
  detail: string;
}

export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  code?: string;
  requestId?: string;
  errors?: InvalidField[];
  [extension: string]: unknown;
}

/** Codes the client makes up itself when there is no problem document to read. */
export const clientProblemCodes = {
  network: 'client.network',
  badResponse: 'client.bad_response',
} as const;

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: InvalidField[];
  /** The whole problem document, including extension members such as `retryAfterSeconds`. */
  readonly document: ProblemDocument;

  constructor(status: number, document: ProblemDocument) {
    const title = document.title ?? `HTTP ${status}`;
    super(document.detail ?? title);
    this.name = 'ApiProblem';
    this.status = status;
    this.document = document;
    this.code = document.code ?? (status === 0 ? clientProblemCodes.network : `http.${status}`);
    this.type = document.type ?? 'about:blank';
    this.title = title;
    this.detail = document.detail;
    this.errors = Array.isArray(document.errors) ? document.errors : [];
  }

  /** Seconds the server asks us to wait (429, 503), from the problem or the Retry-After header. */
  get retryAfterSeconds(): number | undefined {
    const value = this.document.retryAfterSeconds;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }

  /** Errors about fields of the request body, for showing beside form inputs. */
  get bodyFieldErrors(): InvalidField[] {
    return this.errors.filter((e) => e.in === 'body' && e.field !== '');
  }
}

export const isApiProblem = (error: unknown): error is ApiProblem => error instanceof ApiProblem;

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

const API_BASE = '/api/v1';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let acceptLanguage: string | null = null;
const unauthorizedListeners = new Set<(problem: ApiProblem) => void>();

/** The session provider calls this whenever the session (and so its CSRF token) changes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Ask the server to phrase its messages in the interface language. */
export function setAcceptLanguage(locale: string | null): void {
  acceptLanguage = locale;
}

/** Called when a request other than the session check is refused because the session has ended. */
export function onUnauthorized(listener: (problem: ApiProblem) => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers = new Headers({ Accept: 'application/json, application/problem+json' });
  if (acceptLanguage) headers.set('Accept-Language', acceptLanguage);
  if (UNSAFE.has(method) && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiProblem(0, {
      code: clientProblemCodes.network,
      title: 'The server cannot be reached',
      detail: error instanceof Error ? error.message : String(error),
    });
  }

  if (!response.ok) {
    const problem = await readProblem(response);
    notifyUnauthorized(problem, path);
    throw problem;
  }
  if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;
  const text = await response.text();
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiProblem(response.status, {
      code: clientProblemCodes.badResponse,
      title: 'The server answered with something that is not JSON',
    });
  }
}

async function readProblem(response: Response): Promise<ApiProblem> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The body could not be read: the status line is all there is.
  }
  return problemFrom(response.status, response.statusText, text, response.headers.get('retry-after'));
}

/** The problem a refused answer describes, from its status line, body and Retry-After header. */
function problemFrom(status: number, statusText: string, body: string, retryAfterHeader: string | null): ApiProblem {
  let document: ProblemDocument = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) document = parsed as ProblemDocument;
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status line.
  }
  if (!document.title) document = { ...document, title: statusText || `HTTP ${status}` };
  const retryAfter = Number(retryAfterHeader);
  if (document.retryAfterSeconds === undefined && Number.isFinite(retryAfter) && retryAfter > 0) {
    document = { ...document, retryAfterSeconds: retryAfter };
  }
  return new ApiProblem(status, document);
}

function notifyUnauthorized(problem: ApiProblem, path: string): void {
  if (problem.status === 401 && problem.code === 'auth.required' && path !== '/session') {
    for (const listener of unauthorizedListeners) listener(problem);
  }
}

export interface UploadOptions {
  /** The name of the multipart part that carries the file; `file` unless told. */
  field?: string;
  /** Text fields sent before the file (a server that streams the upload reads them first). */
  fields?: Record<string, string>;
  /** Called as the file goes out: bytes sent so far and in all. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Sends one file as multipart/form-data with the session's CSRF token, as POST.
 * XMLHttpRequest rather than fetch, because only it reports upload progress.
 * Answers and failures are read as `request` reads them.
 */
function upload<T>(path: string, file: Blob & { name?: string }, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
    form.append(options.field ?? 'file', file, file.name ?? 'upload');
    xhr.open('POST', buildUrl(path));
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (acceptLanguage) xhr.setRequestHeader('Accept-Language', acceptLanguage);
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);

    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => options.signal?.removeEventListener('abort', onAbort);

    if (options.onProgress) {
      const report = options.onProgress;
      xhr.upload.addEventListener('progress', (event) => report(event.loaded, event.lengthComputable ? event.total : file.size));
    }
    xhr.addEventListener('load', () => {
      settle();
      if (xhr.status < 200 || xhr.status >= 300) {
        const problem = problemFrom(xhr.status, xhr.statusText, xhr.responseText, xhr.getResponseHeader('retry-after'));
        notifyUnauthorized(problem, path);
        reject(problem);
        return;
      }
      if (xhr.responseText === '') {
        resolve(undefined as T);
        return;
      }
      try {
        resolve(JSON.parse(xhr.responseText) as T);
      } catch {
        reject(
          new ApiProblem(xhr.status, {
            code: clientProblemCodes.badResponse,
            title: 'The server answered with something that is not JSON',
          }),
        );
      }
    });
    xhr.addEventListener('error', () => {
      settle();
      reject(new ApiProblem(0, { code: clientProblemCodes.network, title: 'The server cannot be reached' }));
    });
    xhr.addEventListener('abort', () => {
      settle();
      reject(new DOMException('The upload was aborted', 'AbortError'));
    });
    if (options.signal?.aborted) {
      settle();
      reject(new DOMException('The upload was aborted', 'AbortError'));
      return;
    }
    xhr.send(form);
  });
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...options, body }),
  delete: <T = void>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
  /** POSTs one file as multipart/form-data, reporting upload progress. */
  upload,
};
