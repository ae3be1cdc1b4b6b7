import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_directory.js';
import { m0002 } from './0002_people.js';
import { m0003 } from './0003_enterprise_register.js';
import { m0004 } from './0004_enterprise_details.js';
import { m0005 } from './0005_import_kind.js';
import { m0006 } from './0006_person_email.js';

export const directoryMigrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006];
