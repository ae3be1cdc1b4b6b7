import { describe, expect, it } from 'vitest';
import { blankItem, duplicateKeys, fieldName, freshKey, toContent, toDraft, toItem } from './editor';

describe('an item from the builder form', () => {
  it('keeps only the fields its answer type uses', () => {
    const item = toItem({
      key: ' fire_exit ',
      label: ' 安全出口畅通 ',
      type: 'verdict',
      min: 1,
      max: 2,
      unit: 'm',
      choices: [{ value: 'a', label: 'A' }],
    });
    expect(item).toMatchObject({ key: 'fire_exit', label: '安全出口畅通', min: null, max: null, unit: null, choices: [] });
  });

  it('keeps limits and unit on a number item', () => {
    expect(toItem({ key: 'p', label: 'P', type: 'number', min: 0, max: 1.6, unit: ' MPa ' })).toMatchObject({
      min: 0,
      max: 1.6,
      unit: 'MPa',
    });
  });

  it('keeps choices with their failing flag on a choice item', () => {
    expect(
      toItem({
        key: 'c',
        label: 'C',
        type: 'choice',
        choices: [
          { value: ' yes ', label: '有' },
          { value: 'no', label: '无', fail: true },
        ],
      }).choices,
    ).toEqual([
      { value: 'yes', label: '有', fail: false },
      { value: 'no', label: '无', fail: true },
    ]);
  });

  it('a text or photo item cannot be a major hazard, and loses its criterion', () => {
    expect(toItem({ key: 't', label: 'T', type: 'text', major: true, criterion: '第三条' })).toMatchObject({
      major: false,
      criterion: null,
    });
    expect(toItem({ key: 'p', label: 'P', type: 'photo', major: true })).toMatchObject({ major: false });
  });

  it('a criterion is kept only on a major-hazard item', () => {
    expect(toItem({ key: 'a', label: 'A', major: true, criterion: ' 第三条第（一）项 ' }).criterion).toBe('第三条第（一）项');
    expect(toItem({ key: 'a', label: 'A', major: false, criterion: '第三条第（一）项' }).criterion).toBeNull();
  });

  it('an empty legal basis is none; a clause without a document is dropped with it', () => {
    expect(toItem({ key: 'a', label: 'A', legalBasis: { document: ' ', clause: '第41条' } }).legalBasis).toBeNull();
    expect(toItem({ key: 'a', label: 'A', legalBasis: { document: '《安全生产法》', clause: '' } }).legalBasis).toEqual({
      document: '《安全生产法》',
      clause: null,
    });
  });

  it('defaults: a verdict item, required, weight 1', () => {
    expect(toItem({ key: 'a', label: 'A', weight: null })).toMatchObject({ type: 'verdict', required: true, weight: 1 });
  });
});

describe('the whole template from the builder form', () => {
  it('names no criteria library when both its fields are empty', () => {
    expect(toContent({ title: 'x', criteriaLibrary: { library: '', version: ' ' }, sections: [] }).criteriaLibrary).toBeNull();
  });

  it('round-trips a published version through the form unchanged', () => {
    const content = {
      title: '自查表',
      description: null,
      criteriaLibrary: { library: 'gongmao-2023', version: '2023-05-15' },
      sections: [
        {
          key: 'management',
          title: '管理类',
          items: [
            {
              key: 'lease_agreement',
              label: '与承租单位签订安全生产管理协议',
              hint: null,
              type: 'verdict' as const,
              required: true,
              weight: 2,
              legalBasis: { document: '《安全生产法》', clause: '第四十九条' },
              major: true,
              criterion: '第三条第（一）项',
              min: null,
              max: null,
              unit: null,
              choices: [],
            },
          ],
        },
      ],
    };
    expect(toContent(toDraft(content))).toEqual(content);
  });
});

describe('keys', () => {
  it('a fresh key takes the smallest free number', () => {
    expect(freshKey('item', [])).toBe('item_1');
    expect(freshKey('item', ['item_1', 'item_3'])).toBe('item_2');
  });

  it('a blank item gets a key not yet taken', () => {
    expect(blankItem(['item_1']).key).toBe('item_2');
  });

  it('sections and items share one namespace when looking for duplicates', () => {
    expect(
      duplicateKeys({
        sections: [
          { key: 'a', items: [{ key: 'b' }, { key: 'c' }] },
          { key: 'b', items: [{ key: 'd' }, { key: 'd ' }] },
        ],
      }),
    ).toEqual(new Set(['b', 'd']));
  });
});

describe('a server field path as a form field name', () => {
  it('turns indices into numbers', () => {
    expect(fieldName('sections.0.items.12.choices.1.value')).toEqual(['sections', 0, 'items', 12, 'choices', 1, 'value']);
  });

  it('keeps a plain field', () => {
    expect(fieldName('title')).toEqual(['title']);
  });
});
