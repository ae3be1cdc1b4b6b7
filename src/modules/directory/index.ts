export { directoryPermissions } from './directory.permissions.js';
export type { NewArea, NewOrganisation } from './directory.repository.js';
export { registerDirectoryRoutes } from './directory.routes.js';
export type {
  AreaLevel,
  Department,
  DirectoryTables,
  EnterpriseSize,
  Geometry,
  OrganisationKind,
  Trade,
} from './directory.tables.js';
export { createDirectoryModule, type DirectoryModule } from './directory.usecases.js';
export { isEmptyRow, normaliseHeader, numberToPlainString, type RawCell } from './import/enterprise-columns.js';
export {
  detectFormat,
  ImportFileError,
  type ImportFormat,
  type ImportProgress,
  type ImportRefusal,
} from './import/enterprise-import.js';
export { registerImportRoutes } from './import/import.routes.js';
export { createImportModule, type ImportModule, type ImportRequest } from './import/import.usecases.js';
export { refusalSchema } from './import/import-job.view.js';
export { registerPeopleImportRoutes } from './import/people-import.routes.js';
export { createPeopleImport, type PeopleImportModule, type PeopleImportRequest } from './import/people-import.usecases.js';
export { type ReadImportRowsOptions, readImportRows } from './import/read-import-rows.js';
export { type ByteMeter, csvRows, openInput, type RawRow, xlsxRows } from './import/sources.js';
export {
  type ReceivedUpload,
  receiveUpload,
  type StartUploadedImportOptions,
  startUploadedImport,
  type UploadedImportJob,
} from './import/upload.js';
export { directoryMigrations } from './migrations/index.js';
export { peoplePermissions } from './people.permissions.js';
export { registerPeopleRoutes } from './people.routes.js';
export type { PeopleTables } from './people.tables.js';
export { createPeopleModule, type GrantsLookup, type PeopleModule } from './people.usecases.js';
export {
  createPersonalDataCipher,
  loadOrCreateDataKey,
  maskName,
  maskPhone,
  normalisePhone,
  type PersonalDataCipher,
  parseDataKey,
  validatePhone,
} from './personal-data.js';
