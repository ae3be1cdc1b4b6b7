/**
 * Fixed reference lists of the risk register: the accident types of GB 6441-86
 * (企业职工伤亡事故分类) that hazard sources are typed by, the GB/T 13861 factor
 * classes, the four risk levels with their colours, the five kinds of control
 * measure and the management tiers that own controls. Data, not logic.
 */

export interface Named {
  'zh-CN': string;
  en: string;
}

/** GB 6441-86, 表 1 事故类别: the 20 accident types, in the standard's order. */
export const ACCIDENT_TYPES = [
  { code: 'struck_by_object', number: 1, name: { 'zh-CN': '物体打击', en: 'Struck by object' } },
  { code: 'vehicle', number: 2, name: { 'zh-CN': '车辆伤害', en: 'Vehicle injury' } },
  { code: 'machinery', number: 3, name: { 'zh-CN': '机械伤害', en: 'Machinery injury' } },
  { code: 'lifting', number: 4, name: { 'zh-CN': '起重伤害', en: 'Lifting injury' } },
  { code: 'electric_shock', number: 5, name: { 'zh-CN': '触电', en: 'Electric shock' } },
  { code: 'drowning', number: 6, name: { 'zh-CN': '淹溺', en: 'Drowning' } },
  { code: 'scald_burn', number: 7, name: { 'zh-CN': '灼烫', en: 'Scalds and burns' } },
  { code: 'fire', number: 8, name: { 'zh-CN': '火灾', en: 'Fire' } },
  { code: 'fall_from_height', number: 9, name: { 'zh-CN': '高处坠落', en: 'Fall from height' } },
  { code: 'collapse', number: 10, name: { 'zh-CN': '坍塌', en: 'Collapse' } },
  { code: 'roof_fall', number: 11, name: { 'zh-CN': '冒顶片帮', en: 'Roof and side fall' } },
  { code: 'water_inrush', number: 12, name: { 'zh-CN': '透水', en: 'Water inrush' } },
  { code: 'blasting', number: 13, name: { 'zh-CN': '放炮', en: 'Blasting' } },
  { code: 'explosive_explosion', number: 14, name: { 'zh-CN': '火药爆炸', en: 'Explosive explosion' } },
  { code: 'gas_explosion', number: 15, name: { 'zh-CN': '瓦斯爆炸', en: 'Firedamp explosion' } },
  { code: 'boiler_explosion', number: 16, name: { 'zh-CN': '锅炉爆炸', en: 'Boiler explosion' } },
  { code: 'vessel_explosion', number: 17, name: { 'zh-CN': '容器爆炸', en: 'Pressure vessel explosion' } },
  { code: 'other_explosion', number: 18, name: { 'zh-CN': '其它爆炸', en: 'Other explosion' } },
  { code: 'poisoning_asphyxiation', number: 19, name: { 'zh-CN': '中毒和窒息', en: 'Poisoning and asphyxiation' } },
  { code: 'other_injury', number: 20, name: { 'zh-CN': '其它伤害', en: 'Other injury' } },
] as const satisfies readonly { code: string; number: number; name: Named }[];

export type AccidentType = (typeof ACCIDENT_TYPES)[number]['code'];
export const ACCIDENT_TYPE_CODES = ACCIDENT_TYPES.map((a) => a.code) as unknown as readonly [AccidentType, ...AccidentType[]];

/** GB/T 13861-2022 的危险和有害因素大类: human, object (physical), environment, management. */
export const FACTOR_CLASSES = [
  { code: 'human', name: { 'zh-CN': '人的因素', en: 'Human factors' } },
  { code: 'object', name: { 'zh-CN': '物的因素', en: 'Object factors' } },
  { code: 'environment', name: { 'zh-CN': '环境因素', en: 'Environmental factors' } },
  { code: 'management', name: { 'zh-CN': '管理因素', en: 'Management factors' } },
] as const satisfies readonly { code: string; name: Named }[];
export type FactorClass = (typeof FACTOR_CLASSES)[number]['code'];
export const FACTOR_CLASS_CODES = FACTOR_CLASSES.map((f) => f.code) as unknown as readonly [FactorClass, ...FactorClass[]];

/** The four risk levels, most severe first (安委办〔2016〕11号: 红、橙、黄、蓝). */
export const RISK_LEVELS = ['major', 'high', 'moderate', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const LEVEL_INFO = {
  major: { colour: 'red', hex: '#d4380d', name: { 'zh-CN': '重大风险', en: 'Major risk' } },
  high: { colour: 'orange', hex: '#fa8c16', name: { 'zh-CN': '较大风险', en: 'High risk' } },
  moderate: { colour: 'yellow', hex: '#fadb14', name: { 'zh-CN': '一般风险', en: 'Moderate risk' } },
  low: { colour: 'blue', hex: '#1677ff', name: { 'zh-CN': '低风险', en: 'Low risk' } },
} as const satisfies Record<RiskLevel, { colour: string; hex: string; name: Named }>;

/** Control measures by kind (工程技术、管理、培训教育、个体防护、应急处置). */
export const MEASURE_TYPES = ['engineering', 'management', 'training', 'protective_equipment', 'emergency'] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export const MEASURE_TYPE_NAMES = {
  engineering: { 'zh-CN': '工程技术措施', en: 'Engineering controls' },
  management: { 'zh-CN': '管理措施', en: 'Management controls' },
  training: { 'zh-CN': '培训教育措施', en: 'Training' },
  protective_equipment: { 'zh-CN': '个体防护措施', en: 'Personal protective equipment' },
  emergency: { 'zh-CN': '应急处置措施', en: 'Emergency measures' },
} as const satisfies Record<MeasureType, Named>;

/** Management tiers of an enterprise, highest first (公司/厂级、部门/车间级、班组级、岗位级). */
export const TIERS = ['company', 'department', 'team', 'post'] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_NAMES = {
  company: { 'zh-CN': '公司（厂）级', en: 'Company level' },
  department: { 'zh-CN': '部门（车间）级', en: 'Department / workshop level' },
  team: { 'zh-CN': '班组级', en: 'Team level' },
  post: { 'zh-CN': '岗位级', en: 'Post level' },
} as const satisfies Record<Tier, Named>;

/** What a tier does about the controls of a level: owns them, carries them out, or supervises those who do. */
export const TIER_DUTIES = ['owns', 'implements', 'supervises', 'none'] as const;
export type TierDuty = (typeof TIER_DUTIES)[number];

/** How often a control measure is checked. */
export const FREQUENCY_UNITS = ['day', 'week', 'month', 'year'] as const;
export type FrequencyUnit = (typeof FREQUENCY_UNITS)[number];

export const RISK_POINT_KINDS = ['place', 'activity'] as const;
export type RiskPointKind = (typeof RISK_POINT_KINDS)[number];
