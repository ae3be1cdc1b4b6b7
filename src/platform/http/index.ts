export {
  AppError,
  type Bilingual,
  DEFAULT_PROBLEM_LOCALE,
  fieldList,
  httpErrors,
  type InvalidField,
  invalidField,
  negotiateProblemLocale,
  type ProblemDocument,
  type ProblemInit,
  type ProblemLocale,
  type ProblemText,
  problemType,
  things,
  toProblem,
} from './problem.js';
export { createHttpServer, type HttpServer, type HttpServerOptions, type RoutePermission } from './server.js';
export { type PublicSettings, registerSystemRoutes, type SystemProbe } from './system.routes.js';
