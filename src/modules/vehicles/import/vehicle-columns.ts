/**
 * The columns of a vehicle register file and the validation of its data rows (no I/O). Each row is checked with the
 * rules of `POST /api/v1/vehicles` (its zod schema) and of the driver register; what needs the database (the enterprise,
 * existing vehicles and drivers) is checked by the use case.
 */
import type { z } from 'zod';
import { type ImportRefusal, normaliseHeader, numberToPlainString, type RawCell } from '../../directory/index.js';
import { normaliseTerminalNumber, type PlateColour, VEHICLE_CLASSES, type VehicleClass } from '../vehicles.rules.js';
import { createBody, createDriverBody, MAX_DRIVERS_PER_VEHICLE } from '../vehicles.schemas.js';

export type VehicleColumnKey =
  | 'plateNumber'
  | 'plateColour'
  | 'class'
  | 'enterprise'
  | 'terminalNumber'
  | 'sim'
  | 'drivers'
  | 'relayExempt';

export interface VehicleColumn {
  key: VehicleColumnKey;
  /** headers[0] is the Chinese name used in the template; all are matched as normaliseHeader compares them. */
  headers: readonly string[];
  required: boolean;
}

export const VEHICLE_COLUMNS: readonly VehicleColumn[] = [
  { key: 'plateNumber', headers: ['车牌号', '车牌号码', '车牌', 'plate number', 'plateNumber', 'plate'], required: true },
  { key: 'plateColour', headers: ['车牌颜色', '号牌颜色', 'plate colour', 'plate color', 'plateColour', 'plateColor'], required: true },
  { key: 'class', headers: ['车辆类型', '车辆类别', 'class', 'vehicle class', 'type'], required: true },
  {
    key: 'enterprise',
    headers: ['经营企业', '运营企业', '所属企业', '业户名称', 'enterprise', 'operator', 'enterpriseId'],
    required: true,
  },
  { key: 'terminalNumber', headers: ['终端号', '终端手机号', '终端号码', 'terminal number', 'terminalNumber', 'terminal'], required: true },
  { key: 'sim', headers: ['SIM卡号', 'SIM 卡号', 'SIM卡', 'sim', 'sim card', 'sim number'], required: false },
  { key: 'drivers', headers: ['驾驶员', 'drivers', 'driver'], required: false },
  { key: 'relayExempt', headers: ['接驳运输', 'relay exempt', 'relayExempt', 'relay'], required: false },
];

/** Where each known column sits in the file, and its header as written there (for refusals). */
export type VehicleLayout = Partial<Record<VehicleColumnKey, { index: number; header: string }>>;

const HEADER_LOOKUP: ReadonlyMap<string, VehicleColumnKey> = new Map(
  VEHICLE_COLUMNS.flatMap((c) => c.headers.map((h) => [normaliseHeader(h), c.key] as const)),
);

export function matchVehicleHeader(cells: readonly RawCell[]): { layout: VehicleLayout; recognised: number } {
  const layout: VehicleLayout = {};
  let recognised = 0;
  cells.forEach((cell, index) => {
    const text = typeof cell === 'string' ? cell.trim() : null;
    if (!text) return;
    const key = HEADER_LOOKUP.get(normaliseHeader(text));
    if (key === undefined || layout[key] !== undefined) return;
    layout[key] = { index, header: text };
    recognised++;
  });
  return { layout, recognised };
}

export function missingVehicleColumns(layout: VehicleLayout): string[] {
  return VEHICLE_COLUMNS.filter((c) => c.required && layout[c.key] === undefined).map((c) => c.headers[0] as string);
}

// ---------------------------------------------------------------------------------------------------------------------
// Values

const labelKey = (text: string) =>
  text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

const COLOUR_LABELS: ReadonlyMap<string, PlateColour> = new Map(
  (
    [
      ['yellow', ['黄', '黄色', '黄牌', 'yellow', '2']],
      ['blue', ['蓝', '蓝色', '蓝牌', 'blue', '1']],
      ['black', ['黑', '黑色', '黑牌', 'black', '3']],
      ['white', ['白', '白色', '白牌', 'white', '4']],
      ['green', ['绿', '绿色', '绿牌', '渐变绿', '黄绿', 'green', '5']],
      ['other', ['其他', '其它', 'other', '9']],
    ] as const
  ).flatMap(([colour, labels]) => labels.map((l) => [labelKey(l), colour] as const)),
);

const CLASS_LABELS: ReadonlyMap<string, VehicleClass> = new Map(
  (
    [
      ['coach', ['班线客车', '长途客车', '客运班车', 'coach']],
      ['tourist_coach', ['旅游客车', '旅游包车', 'tourist coach', 'tourist_coach']],
      ['hazardous_goods', ['危险货物运输车', '危险品运输车', '危货车', '危险货物运输', 'hazardous goods', 'hazardous_goods']],
      ['earthwork', ['渣土车', '渣土运输车', 'earthwork']],
      ['concrete_mixer', ['混凝土搅拌车', '搅拌车', 'concrete mixer', 'concrete_mixer']],
      ['heavy_freight', ['重型货车', '重型载货汽车', 'heavy freight', 'heavy_freight']],
    ] as const
  ).flatMap(([cls, labels]) => labels.map((l) => [labelKey(l), cls] as const)),
);

const BOOLEAN_LABELS: ReadonlyMap<string, boolean> = new Map([
  ['是', true],
  ['否', false],
  ['y', true],
  ['n', false],
  ['yes', true],
  ['no', false],
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
]);

/** A cell as text: trimmed, numbers as Excel shows them; null when blank. Dates and error values are not text. */
function cellText(cell: RawCell): string | null | { error: string } {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') {
    const s = cell.trim();
    return s === '' ? null : s;
  }
  if (typeof cell === 'number') return numberToPlainString(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (cell instanceof Date) return { error: 'date' };
  return { error: cell.error };
}

/** A driver as the file names them: `姓名/从业资格证号`. */
export interface DriverEntry {
  name: string;
  /** Upper case, as the driver register keeps it. */
  qualificationCode: string;
}

export interface VehicleImportRow {
  /** 1-based row number as the spreadsheet shows it (header = row 1). */
  line: number;
  plateNumber: string;
  plateColour: PlateColour;
  class: VehicleClass;
  /** The enterprise as written (trimmed): its credit code or its exact name. */
  enterprise: string;
  /** Without leading zeros (normaliseTerminalNumber). */
  terminalNumber: string;
  /** Undefined when the file has no such column (an update then leaves the field as it is). */
  sim: string | null | undefined;
  drivers: DriverEntry[] | undefined;
  relayExempt: boolean | undefined;
}

const rowSchema = createBody.pick({ plateNumber: true, plateColour: true, class: true, terminalNumber: true, sim: true });
const driverSchema = createDriverBody.pick({ name: true, qualificationCode: true });

const MESSAGES: Record<'plateNumber' | 'plateColour' | 'class' | 'terminalNumber' | 'sim', readonly [string, string]> = {
  plateNumber: ['车牌号应为 2 至 20 个字符', 'the plate number must be 2 to 20 characters'],
  plateColour: ['车牌颜色应为 黄、蓝、黑、白、绿 或 其他', 'the plate colour must be one of yellow, blue, black, white, green, other'],
  class: [
    `车辆类型应为 班线客车、旅游客车、危险货物运输车、渣土车、混凝土搅拌车 或 重型货车`,
    `the class must be one of ${VEHICLE_CLASSES.join(', ')}`,
  ],
  terminalNumber: ['终端号应为 1 至 20 位数字，且不能全为 0', 'the terminal number must be 1 to 20 digits, not all zeros'],
  sim: ['SIM 卡号应为不超过 20 位的数字（ICCID 或 MSISDN）', 'the SIM card number must be up to 20 digits (ICCID or MSISDN)'],
};

export type RowResult = { row: VehicleImportRow } | { refusals: ImportRefusal[] };

/** Validates data rows against a header layout; keeps the plates and terminal numbers seen, to refuse repeats. */
export class VehicleRowValidator {
  private readonly plates = new Set<string>();
  private readonly terminals = new Set<string>();

  constructor(private readonly layout: VehicleLayout) {}

  validate(line: number, cells: readonly RawCell[]): RowResult {
    const refusals: ImportRefusal[] = [];
    const refuse = (key: VehicleColumnKey, value: string | null, reason: string, zh: string, en: string) =>
      refusals.push({ line, column: this.layout[key]?.header ?? null, value, reason, message: { 'zh-CN': zh, en } });
    const text = (key: VehicleColumnKey): string | null | undefined => {
      const at = this.layout[key];
      if (at === undefined) return undefined;
      const t = cellText(cells[at.index]);
      if (t !== null && typeof t === 'object') {
        refuse(key, t.error, `${key}.not_text`, '单元格不是文本（日期或公式错误）', 'the cell holds no text (a date or a formula error)');
        return null;
      }
      return t;
    };

    const plate = text('plateNumber');
    const colourText = text('plateColour');
    const classText = text('class');
    const enterprise = text('enterprise');
    const terminal = text('terminalNumber');
    const sim = text('sim');
    const driversText = text('drivers');
    const relayText = text('relayExempt');

    // The same rules as POST /api/v1/vehicles; labels (黄, 班线客车) are mapped to the enum first.
    const candidate = {
      plateNumber: plate ? plate.normalize('NFKC').replace(/\s+/g, '').toUpperCase() : '',
      plateColour: colourText ? (COLOUR_LABELS.get(labelKey(colourText)) ?? colourText) : '',
      class: classText ? (CLASS_LABELS.get(labelKey(classText)) ?? classText) : '',
      terminalNumber: terminal ? terminal.normalize('NFKC') : '',
      ...(sim ? { sim: sim.normalize('NFKC') } : {}),
    };
    const parsed = rowSchema.safeParse(candidate);
    const bad = new Set<string>();
    if (!parsed.success) {
      for (const issue of (parsed.error as z.ZodError).issues) {
        const key = issue.path[0] as keyof typeof MESSAGES;
        if (bad.has(key) || !(key in MESSAGES)) continue;
        bad.add(key);
        const raw = { plateNumber: plate, plateColour: colourText, class: classText, terminalNumber: terminal, sim }[key] ?? null;
        const [zh, en] = MESSAGES[key];
        refuse(key, raw, raw ? `${key}.invalid` : `${key}.required`, raw ? zh : '必填', raw ? en : 'required');
      }
    }
    if (!enterprise)
      refuse('enterprise', null, 'enterprise.required', '必填：企业的统一社会信用代码或名称', 'required: the credit code or name');

    let relayExempt: boolean | undefined;
    if (relayText !== undefined) {
      relayExempt = relayText === null ? false : BOOLEAN_LABELS.get(labelKey(relayText));
      if (relayExempt === undefined)
        refuse('relayExempt', relayText, 'relay_exempt.invalid', '应填“是”或“否”', 'must be 是 (yes) or 否 (no)');
      else if (relayExempt && parsed.success && parsed.data.class !== 'coach') {
        refuse(
          'relayExempt',
          relayText,
          'relay_exempt.not_coach',
          '只有班线客车可以是接驳运输',
          'only coaches (班线客车) may be relay-exempt',
        );
      }
    }

    let drivers: DriverEntry[] | undefined;
    if (driversText !== undefined) {
      drivers = [];
      const seen = new Set<string>();
      for (const entry of (driversText ?? '').split(/[;；]/)) {
        const trimmed = entry.trim();
        if (trimmed === '') continue;
        const parts = trimmed.normalize('NFKC').split('/');
        const d = parts.length === 2 ? driverSchema.safeParse({ name: parts[0], qualificationCode: parts[1] }) : null;
        if (!d?.success) {
          refuse(
            'drivers',
            trimmed,
            'drivers.format',
            '驾驶员应写作“姓名/从业资格证号”（姓名 1 至 50 字，证号 1 至 20 位字母或数字），多人以分号分隔',
            'each driver must be written name/qualification-certificate-number (a name of 1 to 50 characters, 1 to 20 letters and digits), separated by semicolons',
          );
          continue;
        }
        const code = d.data.qualificationCode.toUpperCase();
        if (seen.has(code)) continue;
        seen.add(code);
        drivers.push({ name: d.data.name, qualificationCode: code });
      }
      if (drivers.length > MAX_DRIVERS_PER_VEHICLE) {
        refuse(
          'drivers',
          driversText,
          'drivers.too_many',
          `每辆车最多 ${MAX_DRIVERS_PER_VEHICLE} 名驾驶员`,
          `at most ${MAX_DRIVERS_PER_VEHICLE} drivers per vehicle`,
        );
      }
    }

    const terminalNumber = parsed.success ? normaliseTerminalNumber(parsed.data.terminalNumber) : null;
    if (parsed.success && terminalNumber) {
      // Repeats are refused on their later rows; the first stands.
      const plateKey = `${parsed.data.plateNumber}\u0000${parsed.data.plateColour}`;
      if (this.plates.has(plateKey)) {
        refuse(
          'plateNumber',
          parsed.data.plateNumber,
          'plate_number.duplicate',
          '文件中已有同一车牌（同一颜色）',
          'the file already has this plate (same colour)',
        );
      }
      if (this.terminals.has(terminalNumber)) {
        refuse(
          'terminalNumber',
          terminal ?? null,
          'terminal_number.duplicate',
          '文件中已有同一终端号',
          'the file already has this terminal number',
        );
      }
      if (refusals.length === 0) {
        this.plates.add(plateKey);
        this.terminals.add(terminalNumber);
      }
    }
    if (refusals.length > 0 || !parsed.success || !terminalNumber || !enterprise) return { refusals };
    return {
      row: {
        line,
        plateNumber: parsed.data.plateNumber,
        plateColour: parsed.data.plateColour,
        class: parsed.data.class,
        enterprise,
        terminalNumber,
        sim: sim === undefined ? undefined : (parsed.data.sim ?? null),
        drivers,
        relayExempt,
      },
    };
  }
}
