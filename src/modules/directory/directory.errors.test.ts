import { describe, expect, it } from 'vitest';
import type { AppError } from '../../platform/http/index.js';
import { accessErrors } from '../access/access.errors.js';
import { auditErrors } from '../audit/audit.errors.js';
import { entrustmentErrors } from '../entrustment/entrustment.errors.js';
import { directoryErrors } from './directory.errors.js';
import { peopleErrors } from './people.errors.js';

const field = [{ in: 'body', field: 'name', pointer: '/name', detail: 'required' }];
const han = /[\u4e00-\u9fff]/;

/** Every factory of issue 3's modules, called with sample arguments. */
const all: [string, AppError][] = Object.entries({
  notVisible: directoryErrors.notVisible('enterprise'),
  enterpriseInvalid: directoryErrors.enterpriseInvalid(field),
  enterpriseExists: directoryErrors.enterpriseExists('91310000MA1FL0000X', { id: 'x', name: '安澜化工' }),
  groupMemberInvalid: directoryErrors.groupMemberInvalid(field),
  alreadyMember: directoryErrors.alreadyMember(),
  notMember: directoryErrors.notMember(),
  leadStays: directoryErrors.leadStays(),
  importNotFound: directoryErrors.importNotFound(),
  uploadNotMultipart: directoryErrors.uploadNotMultipart(),
  uploadMissing: directoryErrors.uploadMissing(),
  uploadTooLarge: directoryErrors.uploadTooLarge(100),
  uploadFormat: directoryErrors.uploadFormat(),
  personInvalid: peopleErrors.invalid(field),
  personDuplicate: peopleErrors.duplicate(),
  personNotFound: peopleErrors.notFound(),
  invalidCredentials: accessErrors.invalidCredentials(),
  throttled: accessErrors.throttled(120),
  accessNotFound: accessErrors.notFound('grant'),
  grantInvalid: accessErrors.grantInvalid([{ field: 'areaId', detail: 'name it' }]),
  grantEnded: accessErrors.grantEnded(),
  accountExists: accessErrors.accountExists(),
  usernameTaken: accessErrors.usernameTaken('wang'),
  entrustmentNotFound: entrustmentErrors.notFound(),
  entrustmentInvalid: entrustmentErrors.invalid(field),
  transitionNotAllowed: entrustmentErrors.transitionNotAllowed('suspend', 'expired'),
  notIssuer: entrustmentErrors.notIssuer(),
  auditNotVisible: auditErrors.targetNotVisible(),
});

describe('problems of the directory, access, entrustment and audit modules', () => {
  it.each(all)('%s has a Chinese and an English title and detail', (_name, error) => {
    expect(error.title['zh-CN']).toMatch(han);
    expect(error.title.en).not.toMatch(han);
    expect(error.detail?.['zh-CN']).toMatch(han);
    expect(error.detail?.en).toBeTruthy();
  });
  it('a refused field is named in both languages', () => {
    for (const error of [directoryErrors.enterpriseInvalid(field), peopleErrors.invalid(field), entrustmentErrors.invalid(field)]) {
      expect(error.detail?.['zh-CN']).toContain('name: required');
      expect(error.detail?.en).toContain('name: required');
      expect(error.errors).toEqual(field);
    }
  });
  it('a state is named in the language of the sentence', () => {
    expect(entrustmentErrors.transitionNotAllowed('end', 'in_force').detail).toEqual({
      'zh-CN': '生效中的委托不能终止。',
      en: 'An entrustment that is in force cannot be ended.',
    });
  });
});
