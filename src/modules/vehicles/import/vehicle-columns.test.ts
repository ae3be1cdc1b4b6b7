import { describe, expect, it } from 'vitest';
import { matchVehicleHeader, missingVehicleColumns, VehicleRowValidator } from './vehicle-columns.js';

const chinese = ['车牌号', '车牌颜色', '车辆类型', '经营企业', '终端号', 'SIM卡号', '驾驶员', '接驳运输'];

describe('the vehicle register columns', () => {
  it('recognises Chinese and English headers, with notes in brackets and full-width letters', () => {
    expect(Object.keys(matchVehicleHeader(chinese).layout)).toEqual([
      'plateNumber',
      'plateColour',
      'class',
      'enterprise',
      'terminalNumber',
      'sim',
      'drivers',
      'relayExempt',
    ]);
    const { layout } = matchVehicleHeader(['plateNumber', 'Plate Colour', 'CLASS', '经营企业（必填）', 'ｔｅｒｍｉｎａｌＮｕｍｂｅｒ']);
    expect(missingVehicleColumns(layout)).toEqual([]);
    expect(missingVehicleColumns(matchVehicleHeader(['车牌号', '终端号']).layout)).toEqual(['车牌颜色', '车辆类型', '经营企业']);
  });

  it('maps labels to the register’s values and normalises plates, terminals and driver codes', () => {
    const v = new VehicleRowValidator(matchVehicleHeader(chinese).layout);
    expect(v.validate(2, ['沪ａ 12345', '黄色', '旅游包车', '某公司', 13800000001, '', '张三/ab12；李四／CD34; 张三/AB12', ''])).toEqual({
      row: {
        line: 2,
        plateNumber: '沪A12345',
        plateColour: 'yellow',
        class: 'tourist_coach',
        enterprise: '某公司',
        terminalNumber: '13800000001',
        sim: null,
        drivers: [
          { name: '张三', qualificationCode: 'AB12' },
          { name: '李四', qualificationCode: 'CD34' },
        ],
        relayExempt: false,
      },
    });
  });

  it('refuses each bad field by its column, and a repeated plate or terminal on its later row', () => {
    const v = new VehicleRowValidator(matchVehicleHeader(chinese).layout);
    const reasons = (line: number, cells: unknown[]) => {
      const result = v.validate(line, cells as string[]);
      return 'refusals' in result ? result.refusals.map((r) => [r.column, r.reason]) : [];
    };
    expect(reasons(2, ['沪B1', '紫', '拖拉机', '', '0000', 'xyz', '无证号', '也许'])).toEqual([
      ['车牌颜色', 'plateColour.invalid'],
      ['车辆类型', 'class.invalid'],
      ['终端号', 'terminalNumber.invalid'],
      ['SIM卡号', 'sim.invalid'],
      ['经营企业', 'enterprise.required'],
      ['接驳运输', 'relay_exempt.invalid'],
      ['驾驶员', 'drivers.format'],
    ]);
    expect(reasons(3, ['沪B12345', '黄', '渣土车', '某公司', '001', '', '', '是'])).toEqual([['接驳运输', 'relay_exempt.not_coach']]);
    expect(reasons(4, ['沪B12345', '黄', '班线客车', '某公司', '001', '', '', '是'])).toEqual([]);
    expect(reasons(5, ['沪B12345', 'yellow', 'coach', '某公司', '002', '', '', ''])).toEqual([['车牌号', 'plate_number.duplicate']]);
    expect(reasons(6, ['沪B12346', '黄', '班线客车', '某公司', '1', '', '', ''])).toEqual([['终端号', 'terminal_number.duplicate']]);
    expect(reasons(7, ['沪B12345', '蓝', '班线客车', '某公司', '3', '', '', ''])).toEqual([]);
  });
});
