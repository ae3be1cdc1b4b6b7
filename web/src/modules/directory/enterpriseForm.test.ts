import { describe, expect, it } from 'vitest';
import type { OrganisationRecord } from './directory.types';
import { toEditRequest, valuesOf } from './enterpriseForm';

const record: OrganisationRecord = {
  id: 'e1',
  kind: 'enterprise',
  name: '安澜化工有限公司',
  nameEn: null,
  creditCode: '91338802MA1FL0000X',
  address: '安澜路 1 号',
  areaId: 'g1',
  areaName: '第一网格',
  trade: 'hazardous_chemicals',
  size: 'small',
  usesHazardousChemicals: true,
  lng: 120.1,
  lat: 30.2,
  industryCode: '2614',
  supervisionClass: 'B',
  licences: [{ kind: '危险化学品经营许可证', number: '沪安经 001', validUntil: '2027-01-01' }],
  principalName: '张三',
  safetyManagerName: null,
  abilities: { readHistory: true, edit: true },
};

describe('the enterprise edit form', () => {
  it('sends back an untouched record as it was, blanks as null', () => {
    expect(toEditRequest(valuesOf(record))).toEqual({
      name: '安澜化工有限公司',
      nameEn: null,
      address: '安澜路 1 号',
      lng: 120.1,
      lat: 30.2,
      industryCode: '2614',
      trade: 'hazardous_chemicals',
      size: 'small',
      usesHazardousChemicals: true,
      supervisionClass: 'B',
      licences: [{ kind: '危险化学品经营许可证', number: '沪安经 001', validUntil: '2027-01-01' }],
      principalName: '张三',
      safetyManagerName: null,
    });
  });

  it('clears the location when either half is blank, and trims what was typed', () => {
    const values = { ...valuesOf(record), lat: null, principalName: '  李四 ', address: '   ' };
    expect(toEditRequest(values)).toMatchObject({ lng: null, lat: null, principalName: '李四', address: null });
  });

  it('leaves out a trade or size this build does not know', () => {
    expect(valuesOf({ ...record, trade: 'mining', size: 'huge' })).toMatchObject({ trade: undefined, size: undefined });
  });
});
