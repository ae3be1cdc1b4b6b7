export { AppError, httpErrors, type InvalidField, type ProblemDocument, type ProblemInit, problemType, toProblem } from './problem.js';
export { createHttpServer, type HttpServer, type HttpServerOptions, type RoutePermission } from './server.js';
export { type PublicSettings, registerSystemRoutes, type SystemProbe } from './system.routes.js';
