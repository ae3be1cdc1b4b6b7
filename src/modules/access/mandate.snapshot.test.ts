import { describe, expect, it } from 'vitest';
import { permissionDefinitions } from '../../app.js';
import { publishedMandate, ROLE_INFO } from './access.mandate.js';
import { buildRegistry, mandateMatrixText, ROLES } from './access.rules.js';

const registry = buildRegistry(permissionDefinitions);

describe('the mandate', () => {
  it('prints the whole role × permission matrix; any change to who may do what shows here as a diff', async () => {
    await expect(mandateMatrixText(registry)).toMatchFileSnapshot('./__snapshots__/mandate-matrix.txt');
  });

  it('names, scopes and authorities every role in both languages', () => {
    for (const role of ROLES) {
      for (const field of ['name', 'scope', 'authority'] as const) {
        expect(ROLE_INFO[role][field]['zh-CN'].length, `${role}.${field}`).toBeGreaterThan(0);
        expect(ROLE_INFO[role][field].en.length, `${role}.${field}`).toBeGreaterThan(0);
      }
    }
  });

  it('describes every permission in both languages, and gives every permission to someone', () => {
    for (const p of publishedMandate(registry).permissions) {
      expect(p.description['zh-CN'].length, p.name).toBeGreaterThan(0);
      expect(p.description.en.length, p.name).toBeGreaterThan(0);
      expect(p.public || p.roles.length > 0, p.name).toBe(true);
    }
  });
});
