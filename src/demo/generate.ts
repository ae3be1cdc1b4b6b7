/**
 * A deterministic generator of a realistic, clearly fictional demo jurisdiction: one city › one district ›
 * one street (安澜街道) › communities › grids, with enterprises, regulators, service providers, mutual-aid
 * groups, a rescue team and the people who work in them.
 *
 * Pure: no I/O, no clock, no Math.random. The same options always give a deep-equal result.
 */
import { CREDIT_CODE_ALPHABET, makeCreditCode } from '../modules/directory/credit-code.js';
import { bilinear, isConvexCounterClockwise, type Position } from './geometry.js';
import { createRandom, type Random } from './random.js';

export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'grid';
/** GeoJSON, WGS-84 [lng, lat], closed rings, outer ring counter-clockwise (RFC 7946). */
export interface Polygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}
export interface DemoArea {
  key: string;
  parentKey: string | null;
  level: AreaLevel;
  code: string;
  name: string;
  nameEn: string;
  boundary: Polygon | null;
}
export type OrganisationKind = 'regulator' | 'enterprise' | 'provider' | 'mutual_aid_group' | 'rescue_team';
export type Department = 'emergency' | 'transport' | 'fire' | 'market' | 'housing' | 'ecology';
export type Trade = 'hazardous_chemicals' | 'warehouse' | 'workshop' | 'restaurant' | 'construction' | 'transport';
export type EnterpriseSize = 'large' | 'medium' | 'small' | 'micro';
export interface DemoOrganisation {
  key: string;
  kind: OrganisationKind;
  name: string;
  nameEn: string;
  /** A valid GB 32100 code; division = the district's code. */
  creditCode: string;
  /** Regulators only. */
  department: Department | null;
  /** Enterprises: their grid; regulators: the area they govern; others: the street. */
  areaKey: string;
  /** Chinese address inside the street. */
  address: string;
  /** Enterprises: a point strictly inside their grid polygon. */
  lng: number;
  lat: number;
  /** GB/T 4754-2017 class code (4 digits), enterprises only. */
  industryCode: string | null;
  trade: Trade | null;
  size: EnterpriseSize | null;
  usesHazardousChemicals: boolean;
  /** Mutual-aid groups: member enterprise keys (same trade); else []. */
  memberKeys: string[];
  /** Mutual-aid groups: the lead enterprise (one of memberKeys); else null. */
  leadKey: string | null;
}
export type RoleName =
  | 'regulator_officer'
  | 'regulator_head'
  | 'provider_inspector'
  | 'provider_manager'
  | 'enterprise_principal'
  | 'enterprise_safety_manager'
  | 'group_lead'
  | 'grid_worker'
  | 'volunteer';
/** areaKey: for grid_worker their grid, for volunteer their community, for regulator roles the area they govern, else null. */
export interface DemoGrant {
  role: RoleName;
  organisationKey: string;
  areaKey: string | null;
}
export interface DemoPerson {
  key: string;
  name: string;
  username: string | null;
  grants: DemoGrant[];
}
export interface DemoJurisdiction {
  areas: DemoArea[];
  organisations: DemoOrganisation[];
  people: DemoPerson[];
}
/** Defaults: seed 20261122, scale 1. */
export interface DemoOptions {
  seed?: number;
  scale?: number;
}

/** One sign-in per role, in this order; each is a person of the generated jurisdiction with that username. */
export const DEMO_SIGN_INS: readonly { username: string; role: RoleName }[] = Object.freeze([
  { username: 'officer', role: 'regulator_officer' },
  { username: 'head', role: 'regulator_head' },
  { username: 'inspector', role: 'provider_inspector' },
  { username: 'provider', role: 'provider_manager' },
  { username: 'principal', role: 'enterprise_principal' },
  { username: 'safety', role: 'enterprise_safety_manager' },
  { username: 'grouplead', role: 'group_lead' },
  { username: 'gridworker', role: 'grid_worker' },
  { username: 'volunteer', role: 'volunteer' },
] as const);

export const DEFAULT_DEMO_SEED = 20261122;

// ---------------------------------------------------------------------------------------------------------------
// Places. Administrative codes follow GB/T 2260 (6 digits) and the statistical division code (12 digits): the
// province prefix 33 (Zhejiang) is real; prefecture 88 is unused there, so every code below is well-formed but
// belongs to no real place. Street codes 001-099 denote 街道; community codes 001-199 denote 居委会 (社区).
// Grids (网格) have no national code: their code is the community code + a 3-digit serial (15 digits), our own.

const CITY = { key: 'area-city', code: '338800', name: '临澜市', nameEn: 'Linlan City' };
const DISTRICT = { key: 'area-district', code: '338802', name: '安和区', nameEn: 'Anhe District' };
const STREET = { key: 'area-street', code: '338802003', name: '安澜街道', nameEn: 'Anlan Street' };

/** Centre of the street, WGS-84. */
const CENTRE_LNG = 120.15;
const CENTRE_LAT = 30.28;
const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LNG = 111.32 * Math.cos((CENTRE_LAT * Math.PI) / 180);
/** Lattice cell size in km (west-east, south-north): 10 × 4 cells make the 4 km × 3 km street at scale 1. */
const CELL_DX = 0.4;
const CELL_DY = 0.75;

const CN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** First and second syllables of community names, with pinyin. */
const COMMUNITY_FIRST: readonly [string, string][] = [
  ['青', 'qing'],
  ['望', 'wang'],
  ['明', 'ming'],
  ['桂', 'gui'],
  ['松', 'song'],
  ['翠', 'cui'],
  ['兰', 'lan'],
  ['梅', 'mei'],
  ['竹', 'zhu'],
  ['荷', 'he'],
  ['枫', 'feng'],
  ['柳', 'liu'],
  ['桃', 'tao'],
  ['云', 'yun'],
  ['星', 'xing'],
  ['月', 'yue'],
  ['春', 'chun'],
  ['秋', 'qiu'],
  ['景', 'jing'],
  ['锦', 'jin'],
  ['玉', 'yu'],
  ['碧', 'bi'],
  ['紫', 'zi'],
  ['沁', 'qin'],
];
const COMMUNITY_SECOND: readonly [string, string][] = [
  ['园', 'yuan'],
  ['湾', 'wan'],
  ['塘', 'tang'],
  ['桥', 'qiao'],
  ['溪', 'xi'],
  ['湖', 'hu'],
  ['坊', 'fang'],
  ['庭', 'ting'],
  ['岸', 'an'],
  ['港', 'gang'],
  ['林', 'lin'],
  ['阁', 'ge'],
  ['泉', 'quan'],
  ['山', 'shan'],
  ['堤', 'di'],
  ['里', 'li'],
];
const ROAD_FIRST = [
  '望',
  '兴',
  '文',
  '学',
  '建',
  '民',
  '和',
  '平',
  '春',
  '丰',
  '庆',
  '新',
  '华',
  '康',
  '东',
  '西',
  '长',
  '青',
  '金',
  '振',
  '育',
  '益',
  '广',
  '胜',
];
const ROAD_SECOND = [
  '江',
  '安',
  '源',
  '塘',
  '桥',
  '河',
  '湖',
  '山',
  '林',
  '溪',
  '宁',
  '盛',
  '泰',
  '阳',
  '明',
  '光',
  '成',
  '德',
  '福',
  '业',
];

/** Characters of trade names (字号), with pinyin. */
const BRAND_CHARS: readonly [string, string][] = [
  ['顺', 'shun'],
  ['达', 'da'],
  ['恒', 'heng'],
  ['鑫', 'xin'],
  ['华', 'hua'],
  ['瑞', 'rui'],
  ['金', 'jin'],
  ['安', 'an'],
  ['泰', 'tai'],
  ['宏', 'hong'],
  ['隆', 'long'],
  ['盛', 'sheng'],
  ['兴', 'xing'],
  ['昌', 'chang'],
  ['丰', 'feng'],
  ['源', 'yuan'],
  ['通', 'tong'],
  ['和', 'he'],
  ['嘉', 'jia'],
  ['利', 'li'],
  ['美', 'mei'],
  ['宇', 'yu'],
  ['豪', 'hao'],
  ['正', 'zheng'],
  ['永', 'yong'],
  ['佳', 'jia'],
  ['福', 'fu'],
  ['康', 'kang'],
  ['德', 'de'],
  ['诚', 'cheng'],
  ['博', 'bo'],
  ['凯', 'kai'],
  ['天', 'tian'],
  ['明', 'ming'],
  ['光', 'guang'],
  ['远', 'yuan'],
  ['海', 'hai'],
  ['星', 'xing'],
  ['辰', 'chen'],
  ['越', 'yue'],
  ['峰', 'feng'],
  ['润', 'run'],
  ['祥', 'xiang'],
  ['荣', 'rong'],
  ['航', 'hang'],
  ['立', 'li'],
  ['卓', 'zhuo'],
  ['汇', 'hui'],
];

/** Common surnames with pinyin (for restaurant names such as 老王面馆). */
const SURNAMES_PINYIN: readonly [string, string][] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
  ['林', 'lin'],
  ['罗', 'luo'],
  ['郑', 'zheng'],
  ['梁', 'liang'],
  ['谢', 'xie'],
  ['宋', 'song'],
  ['唐', 'tang'],
  ['许', 'xu'],
  ['韩', 'han'],
  ['冯', 'feng'],
  ['邓', 'deng'],
  ['曹', 'cao'],
  ['彭', 'peng'],
  ['沈', 'shen'],
  ['蒋', 'jiang'],
];

/** Surnames for people, roughly by frequency (the first ones repeated to weight them). */
const PERSON_SURNAMES = [
  ...'王李张刘陈杨黄赵吴周王李张刘陈杨黄赵吴周',
  ...'徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN_CHARS = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红建国文辉斌宇浩凯鹏飞俊峰颖琳雪梅晨阳林晓东海波云志宏慧婷倩欣怡佳子涵梓轩博浩然思远嘉诚立新春燕秀丽永健德福',
];

interface Core {
  zh: string;
  en: string;
  industry: string;
  /** Probability that the enterprise uses hazardous chemicals. */
  hazardous: number;
  weight: number;
  /** GB 32100 organisation category: '1' enterprise, '2' individual business (个体工商户). */
  category: '1' | '2';
}

/** Name cores per trade, with GB/T 4754-2017 class codes. */
const TRADE_CORES: Record<Exclude<Trade, 'restaurant'>, readonly Core[]> = {
  hazardous_chemicals: [
    { zh: '精细化工有限公司', en: 'Fine Chemical Co., Ltd.', industry: '2661', hazardous: 1, weight: 3, category: '1' },
    { zh: '化工有限公司', en: 'Chemical Co., Ltd.', industry: '2614', hazardous: 1, weight: 2, category: '1' },
    { zh: '涂料有限公司', en: 'Coatings Co., Ltd.', industry: '2641', hazardous: 1, weight: 2, category: '1' },
    { zh: '油墨有限公司', en: 'Ink Co., Ltd.', industry: '2642', hazardous: 1, weight: 1, category: '1' },
    { zh: '树脂有限公司', en: 'Resin Co., Ltd.', industry: '2651', hazardous: 1, weight: 1, category: '1' },
    { zh: '气体有限公司', en: 'Industrial Gases Co., Ltd.', industry: '2619', hazardous: 1, weight: 1, category: '1' },
    { zh: '化工贸易有限公司', en: 'Chemical Trading Co., Ltd.', industry: '5169', hazardous: 1, weight: 2, category: '1' },
    { zh: '燃气有限公司', en: 'Gas Co., Ltd.', industry: '4512', hazardous: 1, weight: 1, category: '1' },
  ],
  warehouse: [
    { zh: '仓储有限公司', en: 'Warehousing Co., Ltd.', industry: '5920', hazardous: 0.04, weight: 4, category: '1' },
    { zh: '物流仓储有限公司', en: 'Logistics Warehousing Co., Ltd.', industry: '5920', hazardous: 0.04, weight: 3, category: '1' },
    { zh: '供应链管理有限公司', en: 'Supply Chain Management Co., Ltd.', industry: '5920', hazardous: 0, weight: 2, category: '1' },
    // Cold stores often refrigerate with liquid ammonia (涉氨制冷).
    { zh: '冷链仓储有限公司', en: 'Cold Chain Warehousing Co., Ltd.', industry: '5930', hazardous: 0.3, weight: 2, category: '1' },
    { zh: '化工仓储有限公司', en: 'Chemical Warehousing Co., Ltd.', industry: '5942', hazardous: 1, weight: 1, category: '1' },
  ],
  workshop: [
    { zh: '五金加工厂', en: 'Hardware Works', industry: '3399', hazardous: 0.05, weight: 3, category: '1' },
    { zh: '机械配件厂', en: 'Machine Parts Works', industry: '3484', hazardous: 0.05, weight: 3, category: '1' },
    { zh: '家具厂', en: 'Furniture Works', industry: '2110', hazardous: 0.35, weight: 2, category: '1' },
    { zh: '服装厂', en: 'Garment Works', industry: '1819', hazardous: 0, weight: 3, category: '1' },
    { zh: '服装加工店', en: 'Tailoring Shop', industry: '1819', hazardous: 0, weight: 1, category: '2' },
    { zh: '印刷厂', en: 'Printing Works', industry: '2319', hazardous: 0.3, weight: 2, category: '1' },
    { zh: '塑料制品厂', en: 'Plastic Products Works', industry: '2929', hazardous: 0.05, weight: 2, category: '1' },
    { zh: '金属表面处理厂', en: 'Metal Finishing Works', industry: '3360', hazardous: 0.9, weight: 1, category: '1' },
    { zh: '纸箱包装厂', en: 'Carton Packaging Works', industry: '2231', hazardous: 0, weight: 2, category: '1' },
    { zh: '钢结构有限公司', en: 'Steel Structure Co., Ltd.', industry: '3311', hazardous: 0.1, weight: 1, category: '1' },
  ],
  construction: [
    { zh: '建设工程有限公司', en: 'Construction Engineering Co., Ltd.', industry: '4710', hazardous: 0, weight: 3, category: '1' },
    { zh: '建筑工程有限公司', en: 'Building Engineering Co., Ltd.', industry: '4790', hazardous: 0, weight: 2, category: '1' },
    { zh: '市政工程有限公司', en: 'Municipal Engineering Co., Ltd.', industry: '4813', hazardous: 0, weight: 2, category: '1' },
    { zh: '装饰工程有限公司', en: 'Decoration Engineering Co., Ltd.', industry: '5011', hazardous: 0, weight: 2, category: '1' },
    { zh: '幕墙工程有限公司', en: 'Curtain Wall Engineering Co., Ltd.', industry: '5013', hazardous: 0, weight: 1, category: '1' },
    { zh: '土石方工程有限公司', en: 'Earthworks Co., Ltd.', industry: '5022', hazardous: 0, weight: 1, category: '1' },
  ],
  transport: [
    { zh: '物流有限公司', en: 'Logistics Co., Ltd.', industry: '5431', hazardous: 0, weight: 4, category: '1' },
    { zh: '运输有限公司', en: 'Transport Co., Ltd.', industry: '5431', hazardous: 0, weight: 3, category: '1' },
    { zh: '冷链物流有限公司', en: 'Cold Chain Logistics Co., Ltd.', industry: '5432', hazardous: 0, weight: 1, category: '1' },
    { zh: '危险货物运输有限公司', en: 'Dangerous Goods Transport Co., Ltd.', industry: '5435', hazardous: 0, weight: 1, category: '1' },
    { zh: '城市配送有限公司', en: 'City Delivery Co., Ltd.', industry: '5437', hazardous: 0, weight: 1, category: '1' },
    { zh: '客运有限公司', en: 'Passenger Transport Co., Ltd.', industry: '5421', hazardous: 0, weight: 1, category: '1' },
    { zh: '旅游客运有限公司', en: 'Tourist Coach Co., Ltd.', industry: '5422', hazardous: 0, weight: 1, category: '1' },
    { zh: '渣土运输有限公司', en: 'Muck Haulage Co., Ltd.', industry: '5439', hazardous: 0, weight: 1, category: '1' },
  ],
};

/** Kinds of eating place: Chinese, English, GB/T 4754-2017 class. */
const DISHES: readonly [string, string, string][] = [
  ['面馆', 'Noodle House', '6291'],
  ['小吃店', 'Snack Bar', '6291'],
  ['饺子馆', 'Dumpling House', '6291'],
  ['馄饨店', 'Wonton Shop', '6291'],
  ['米线店', 'Rice Noodle Shop', '6291'],
  ['麻辣烫', 'Malatang', '6291'],
  ['快餐店', 'Fast Food', '6220'],
  ['火锅店', 'Hotpot Restaurant', '6210'],
  ['烧烤店', 'Barbecue', '6210'],
  ['大排档', 'Food Stall', '6210'],
  ['酒家', 'Restaurant', '6210'],
  ['土菜馆', 'Country Kitchen', '6210'],
  ['茶餐厅', 'Tea Restaurant', '6210'],
  ['奶茶店', 'Milk Tea Shop', '6239'],
  ['咖啡馆', 'Cafe', '6232'],
];

const TRADES: readonly Trade[] = ['hazardous_chemicals', 'warehouse', 'workshop', 'restaurant', 'construction', 'transport'];
/** Share of each trade among enterprises. */
const TRADE_SHARES: Record<Trade, number> = {
  hazardous_chemicals: 0.06,
  warehouse: 0.12,
  workshop: 0.35,
  restaurant: 0.3,
  construction: 0.07,
  transport: 0.1,
};
const SIZES: readonly EnterpriseSize[] = ['large', 'medium', 'small', 'micro'];
/** Size mix per trade (large, medium, small, micro). */
const SIZE_WEIGHTS: Record<Trade, readonly number[]> = {
  hazardous_chemicals: [0.02, 0.15, 0.5, 0.33],
  warehouse: [0.02, 0.13, 0.45, 0.4],
  workshop: [0, 0.04, 0.4, 0.56],
  restaurant: [0, 0.02, 0.18, 0.8],
  construction: [0.05, 0.25, 0.45, 0.25],
  transport: [0.02, 0.13, 0.45, 0.4],
};

type Zone = 'residential' | 'mixed' | 'industrial';
/** How strongly each trade is drawn to each kind of community. */
const ZONE_WEIGHTS: Record<Zone, Record<Trade, number>> = {
  residential: { hazardous_chemicals: 0.1, warehouse: 0.3, workshop: 0.6, restaurant: 2, construction: 1.2, transport: 0.4 },
  mixed: { hazardous_chemicals: 1, warehouse: 1, workshop: 1.5, restaurant: 1, construction: 1, transport: 1 },
  industrial: { hazardous_chemicals: 3, warehouse: 3, workshop: 3, restaurant: 0.5, construction: 0.8, transport: 2.5 },
};

// ---------------------------------------------------------------------------------------------------------------

interface Cell {
  i: number;
  j: number;
}
interface GridPlan {
  key: string;
  code: string;
  name: string;
  nameEn: string;
  communityIndex: number;
  /** Lattice block [i0, i1) × [j0, j1). */
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  cells: Cell[];
}
interface CommunityPlan {
  key: string;
  code: string;
  name: string;
  nameEn: string;
  zone: Zone;
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  grids: GridPlan[];
}
interface Lattice {
  nx: number;
  ny: number;
  /** vertices[i][j], i west→east 0..nx, j south→north 0..ny, as [lng, lat]. */
  vertices: Position[][];
}

interface Context {
  random: Random;
  lattice: Lattice;
  communities: CommunityPlan[];
  grids: GridPlan[];
  verticalRoads: string[];
  horizontalRoads: string[];
  usedOrgNames: Set<string>;
  usedCreditCodes: Set<string>;
  usedPersonNames: Set<string>;
}

export function generateDemo(options: DemoOptions = {}): DemoJurisdiction {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const scale = options.scale ?? 1;
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100) throw new RangeError('scale must be a number in (0, 100]');
  const random = createRandom(seed);

  const layout = planLayout(random, scale);
  const lattice = buildLattice(random, layout.nx, layout.ny);
  const roadNames = random.shuffle(ROAD_FIRST.flatMap((a) => ROAD_SECOND.map((b) => a + b)));
  const verticalRoads = roadNames.slice(0, lattice.nx + 1).map((n) => `${n}路`);
  const horizontalRoads = roadNames
    .slice(lattice.nx + 1, lattice.nx + lattice.ny + 2)
    .map((n, j) => (j === Math.floor(lattice.ny / 2) ? `${n}大道` : j % 3 === 1 ? `${n}街` : `${n}路`));
  const communities = planCommunities(random, layout, lattice);
  const grids = communities.flatMap((c) => c.grids);

  const ctx: Context = {
    random,
    lattice,
    communities,
    grids,
    verticalRoads,
    horizontalRoads,
    usedOrgNames: new Set(),
    usedCreditCodes: new Set(),
    usedPersonNames: new Set(),
  };

  const areas = buildAreas(ctx);
  const enterprises = buildEnterprises(ctx, scale);
  const organisations = buildOrganisations(ctx, enterprises);
  const people = buildPeople(ctx, organisations, enterprises, scale);
  return { areas, organisations, people };
}

// --- layout -----------------------------------------------------------------------------------------------------

interface Layout {
  nx: number;
  ny: number;
  /** Community widths (in cells) per community row, north to south; every row is 2 cells tall. */
  rows: number[][];
}

function planLayout(random: Random, scale: number): Layout {
  const communityCount = Math.max(1, Math.round(8 * scale));
  let rowCount = Math.max(1, Math.round(2 * Math.sqrt(scale)));
  while (rowCount > 1 && Math.floor(communityCount / rowCount) < 2) rowCount--;
  const perRow: number[] = [];
  for (let r = 0; r < rowCount; r++) perRow.push(Math.floor(communityCount / rowCount) + (r < communityCount % rowCount ? 1 : 0));
  const minCells = Math.max(...perRow.map((c) => 2 * c));
  const maxCells = Math.min(...perRow.map((c) => 3 * c));
  const average = communityCount / rowCount;
  const nx = Math.min(maxCells, Math.max(minCells, Math.round(2.5 * average)));
  // Each row splits nx cells into communities 2 or 3 cells wide.
  const rows = perRow.map((count) => {
    const threes = nx - 2 * count;
    const widths = [...Array<number>(threes).fill(3), ...Array<number>(count - threes).fill(2)];
    return random.shuffle(widths);
  });
  return { nx, ny: 2 * rowCount, rows };
}

/**
 * A jittered lattice of shared vertices: neighbouring cells share edges exactly, every cell is a convex
 * quadrilateral, and the outer ring of the lattice (the street boundary) is wavy rather than rectangular.
 */
function buildLattice(random: Random, nx: number, ny: number): Lattice {
  const height = ny * CELL_DY;
  const wave = () => {
    const a = random.float(1, 2.5);
    const b = random.float(2.5, 4.5);
    const pa = random.float(0, 2 * Math.PI);
    const pb = random.float(0, 2 * Math.PI);
    const wa = random.float(0.5, 1);
    // Vanishes at both ends so the sides meet the corners continuously.
    return (t: number) => Math.sin(Math.PI * t) * (wa * Math.sin(2 * Math.PI * a * t + pa) + (1 - wa) * Math.sin(2 * Math.PI * b * t + pb));
  };
  const south = wave();
  const north = wave();
  const west = wave();
  const east = wave();
  const shearPhase = random.float(0, 2 * Math.PI);
  const vertices: Position[][] = [];
  for (let i = 0; i <= nx; i++) {
    const column: Position[] = [];
    for (let j = 0; j <= ny; j++) {
      let x = (i - nx / 2) * CELL_DX;
      let y = (j - ny / 2) * CELL_DY;
      const corner = (i === 0 || i === nx) && (j === 0 || j === ny);
      if (!corner) {
        x += random.float(-0.15, 0.15) * CELL_DX;
        y += random.float(-0.15, 0.15) * CELL_DY;
      }
      if (j === 0 && !corner) y += 0.35 * CELL_DY * south(i / nx);
      if (j === ny && !corner) y += 0.35 * CELL_DY * north(i / nx);
      if (i === 0 && !corner) x += 0.35 * CELL_DX * west(j / ny);
      if (i === nx && !corner) x += 0.35 * CELL_DX * east(j / ny);
      // A gentle, smooth shear so that the streets do not run on a perfect grid.
      x += 0.12 * CELL_DX * Math.sin((2 * Math.PI * (j * CELL_DY)) / Math.max(height, 3) + shearPhase);
      const lng = round7(CENTRE_LNG + x / KM_PER_DEG_LNG);
      const lat = round7(CENTRE_LAT + y / KM_PER_DEG_LAT);
      column.push([lng, lat]);
    }
    vertices.push(column);
  }
  const lattice = { nx, ny, vertices };
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      if (!isConvexCounterClockwise(cellQuad(lattice, { i, j }))) throw new Error(`demo lattice cell ${i},${j} is not convex`);
    }
  }
  return lattice;
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function vertex(lattice: Lattice, i: number, j: number): Position {
  return (lattice.vertices[i] as Position[])[j] as Position;
}

/** The corners of a cell counter-clockwise from the south-west. */
function cellQuad(lattice: Lattice, cell: Cell): [Position, Position, Position, Position] {
  const { i, j } = cell;
  return [vertex(lattice, i, j), vertex(lattice, i + 1, j), vertex(lattice, i + 1, j + 1), vertex(lattice, i, j + 1)];
}

/** The closed, counter-clockwise ring around the lattice block [i0, i1) × [j0, j1), through every lattice vertex on its edge. */
function blockRing(lattice: Lattice, i0: number, i1: number, j0: number, j1: number): [number, number][] {
  const ring: [number, number][] = [];
  const push = (i: number, j: number) => {
    const [lng, lat] = vertex(lattice, i, j);
    ring.push([lng, lat]);
  };
  for (let i = i0; i < i1; i++) push(i, j0);
  for (let j = j0; j < j1; j++) push(i1, j);
  for (let i = i1; i > i0; i--) push(i, j1);
  for (let j = j1; j > j0; j--) push(i0, j);
  const first = ring[0] as [number, number];
  ring.push([first[0], first[1]]);
  return ring;
}

function blockPolygon(lattice: Lattice, i0: number, i1: number, j0: number, j1: number): Polygon {
  return { type: 'Polygon', coordinates: [blockRing(lattice, i0, i1, j0, j1)] };
}

function rectanglePolygon(minLng: number, minLat: number, maxLng: number, maxLat: number): Polygon {
  const a = round7(minLng);
  const b = round7(minLat);
  const c = round7(maxLng);
  const d = round7(maxLat);
  return {
    type: 'Polygon',
    coordinates: [
      [
        [a, b],
        [c, b],
        [c, d],
        [a, d],
        [a, b],
      ],
    ],
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function chineseOrdinal(n: number): string {
  if (n <= 10) return CN_NUMERALS[n - 1] as string;
  if (n < 20) return `十${CN_NUMERALS[n - 11] ?? ''}`;
  return String(n);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Joins pinyin syllables into one word, with an apostrophe before a syllable that starts with a, o or e (Xin'an). */
function joinPinyin(syllables: readonly string[]): string {
  let out = '';
  syllables.forEach((s, k) => {
    out += k === 0 ? capitalise(s) : /^[aoe]/.test(s) ? `'${s}` : s;
  });
  return out;
}

function planCommunities(random: Random, layout: Layout, lattice: Lattice): CommunityPlan[] {
  const names = random.shuffle(COMMUNITY_FIRST.flatMap((a) => COMMUNITY_SECOND.map((b) => [a, b] as const)));
  const usedEn = new Set<string>();
  const communities: CommunityPlan[] = [];
  let nameIndex = 0;
  const nextName = (): { name: string; nameEn: string } => {
    while (nameIndex < names.length) {
      const [[a, pa], [b, pb]] = names[nameIndex++] as readonly [[string, string], [string, string]];
      const nameEn = `${joinPinyin([pa, pb])} Community`;
      if (usedEn.has(nameEn)) continue;
      usedEn.add(nameEn);
      return { name: `${a}${b}社区`, nameEn };
    }
    const n = communities.length + 1;
    return { name: `安澜第${n}社区`, nameEn: `Anlan Community No. ${n}` };
  };
  const width = lattice.nx;
  layout.rows.forEach((widths, r) => {
    const j1 = lattice.ny - 2 * r;
    const j0 = j1 - 2;
    let i0 = 0;
    for (const w of widths) {
      const index = communities.length;
      const i1 = i0 + w;
      const centre = (i0 + i1) / 2 / width;
      const zone: Zone = centre < 0.34 ? 'residential' : centre > 0.66 ? 'industrial' : 'mixed';
      const key = `area-community-${pad(index + 1, 2)}`;
      const code = `${STREET.code}${pad(index + 1, 3)}`;
      const { name, nameEn } = nextName();
      const community: CommunityPlan = { key, code, name, nameEn, zone, i0, i1, j0, j1, grids: [] };
      // Cells of the community, north row first, west to east; a 3-wide community may merge two cells into one grid.
      const blocks: { i0: number; i1: number; j0: number; j1: number }[] = [];
      if (w === 3 && random.chance(0.5)) {
        const vertical = random.chance(0.5);
        const mergeAt = random.int(0, w - (vertical ? 1 : 2));
        const mergeRow = random.int(0, 1);
        for (let jj = j1 - 1; jj >= j0; jj--) {
          for (let ii = i0; ii < i1; ii++) {
            const local = ii - i0;
            if (vertical) {
              if (local === mergeAt && jj === j0) continue; // covered by the merged block
              if (local === mergeAt && jj === j1 - 1) blocks.push({ i0: ii, i1: ii + 1, j0, j1 });
              else blocks.push({ i0: ii, i1: ii + 1, j0: jj, j1: jj + 1 });
            } else {
              const row = j1 - 1 - jj;
              if (row === mergeRow && local === mergeAt + 1) continue;
              if (row === mergeRow && local === mergeAt) blocks.push({ i0: ii, i1: ii + 2, j0: jj, j1: jj + 1 });
              else blocks.push({ i0: ii, i1: ii + 1, j0: jj, j1: jj + 1 });
            }
          }
        }
      } else {
        for (let jj = j1 - 1; jj >= j0; jj--) for (let ii = i0; ii < i1; ii++) blocks.push({ i0: ii, i1: ii + 1, j0: jj, j1: jj + 1 });
      }
      blocks.forEach((b, g) => {
        const cells: Cell[] = [];
        for (let ii = b.i0; ii < b.i1; ii++) for (let jj = b.j0; jj < b.j1; jj++) cells.push({ i: ii, j: jj });
        community.grids.push({
          key: `area-grid-${pad(index + 1, 2)}-${pad(g + 1, 2)}`,
          code: `${code}${pad(g + 1, 3)}`,
          name: `${name}第${chineseOrdinal(g + 1)}网格`,
          nameEn: `${nameEn} Grid ${g + 1}`,
          communityIndex: index,
          ...b,
          cells,
        });
      });
      communities.push(community);
      i0 = i1;
    }
  });
  return communities;
}

function buildAreas(ctx: Context): DemoArea[] {
  const { lattice, communities } = ctx;
  const street = blockPolygon(lattice, 0, lattice.nx, 0, lattice.ny);
  const ring = street.coordinates[0] as [number, number][];
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const minLng = Math.min(...lngs);
  const maxLng = Math.max(...lngs);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const w = maxLng - minLng;
  const h = maxLat - minLat;
  const areas: DemoArea[] = [
    {
      key: CITY.key,
      parentKey: null,
      level: 'city',
      code: CITY.code,
      name: CITY.name,
      nameEn: CITY.nameEn,
      boundary: rectanglePolygon(minLng - 6 * w, minLat - 6 * h, maxLng + 6 * w, maxLat + 6 * h),
    },
    {
      key: DISTRICT.key,
      parentKey: CITY.key,
      level: 'district',
      code: DISTRICT.code,
      name: DISTRICT.name,
      nameEn: DISTRICT.nameEn,
      boundary: rectanglePolygon(minLng - 1.2 * w, minLat - 1.5 * h, maxLng + 0.8 * w, maxLat + 1.1 * h),
    },
    {
      key: STREET.key,
      parentKey: DISTRICT.key,
      level: 'street',
      code: STREET.code,
      name: STREET.name,
      nameEn: STREET.nameEn,
      boundary: street,
    },
  ];
  for (const c of communities) {
    areas.push({
      key: c.key,
      parentKey: STREET.key,
      level: 'community',
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      boundary: blockPolygon(lattice, c.i0, c.i1, c.j0, c.j1),
    });
  }
  for (const c of communities) {
    for (const g of c.grids) {
      areas.push({
        key: g.key,
        parentKey: c.key,
        level: 'grid',
        code: g.code,
        name: g.name,
        nameEn: g.nameEn,
        boundary: blockPolygon(lattice, g.i0, g.i1, g.j0, g.j1),
      });
    }
  }
  return areas;
}

// --- places and codes -------------------------------------------------------------------------------------------

interface Place {
  lng: number;
  lat: number;
  address: string;
}

/** A point strictly inside the grid (inside one of its convex cells, away from the edges) and a street address near it. */
function placeInGrid(ctx: Context, grid: GridPlan): Place {
  const { random, lattice } = ctx;
  const cell = random.pick(grid.cells);
  const u = random.float(0.05, 0.95);
  const v = random.float(0.05, 0.95);
  const [q0, q1, q2, q3] = cellQuad(lattice, cell);
  const [lng, lat] = bilinear(q0, q1, q2, q3, u, v);
  // The nearest of the four streets around the cell gives the address; house numbers grow along the street,
  // odd on one side and even on the other.
  const toWest = u * CELL_DX;
  const toEast = (1 - u) * CELL_DX;
  const toSouth = v * CELL_DY;
  const toNorth = (1 - v) * CELL_DY;
  const nearest = Math.min(toWest, toEast, toSouth, toNorth);
  let road: string;
  let number: number;
  if (nearest === toWest || nearest === toEast) {
    road = ctx.verticalRoads[nearest === toWest ? cell.i : cell.i + 1] as string;
    const along = (cell.j + v) * CELL_DY * 1000;
    number = 2 * Math.floor(along / 30) + (nearest === toWest ? 2 : 1);
  } else {
    road = ctx.horizontalRoads[nearest === toSouth ? cell.j : cell.j + 1] as string;
    const along = (cell.i + u) * CELL_DX * 1000;
    number = 2 * Math.floor(along / 30) + (nearest === toSouth ? 2 : 1);
  }
  return { lng: round6(lng), lat: round6(lat), address: `${DISTRICT.name}${STREET.name}${road}${number}号` };
}

function randomChars(random: Random, alphabet: string, n: number): string {
  let s = '';
  for (let k = 0; k < n; k++) s += alphabet.charAt(random.int(0, alphabet.length - 1));
  return s;
}

/**
 * A unique, valid credit code registered in the district. Bodies look like real ones: 'MA' + 6 characters for
 * market-registered subjects since 2015 (older ones: 8 digits), 'MJ' + 6 for social organisations, '00' + 6 digits
 * for government organs.
 */
function creditCode(ctx: Context, department: string, category: string): string {
  const { random } = ctx;
  for (;;) {
    let body8: string;
    if (department === '1') body8 = `00${randomChars(random, '0123456789', 6)}`;
    else if (department === '5') body8 = `MJ${randomChars(random, CREDIT_CODE_ALPHABET, 6)}`;
    else if (random.chance(0.7)) body8 = `MA${randomChars(random, CREDIT_CODE_ALPHABET, 6)}`;
    else body8 = randomChars(random, '0123456789', 8);
    const code = makeCreditCode({ department, category, division: DISTRICT.code, body8 });
    if (!ctx.usedCreditCodes.has(code)) {
      ctx.usedCreditCodes.add(code);
      return code;
    }
  }
}

// --- enterprises ------------------------------------------------------------------------------------------------

interface EnterprisePlan extends DemoOrganisation {
  communityIndex: number;
}

/** Integer counts per trade summing to total (at least 12), by the largest-remainder method, each at least 2. */
function tradeCounts(total: number): Record<Trade, number> {
  const raw = TRADES.map((t) => TRADE_SHARES[t] * total);
  const counts = raw.map((r) => Math.max(2, Math.floor(r)));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = TRADES.map((_, k) => k).sort(
    (a, b) => (raw[b] as number) - Math.floor(raw[b] as number) - ((raw[a] as number) - Math.floor(raw[a] as number)) || a - b,
  );
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k] as number] = (counts[order[k] as number] as number) + 1;
  return Object.fromEntries(TRADES.map((t, k) => [t, counts[k] as number])) as Record<Trade, number>;
}

function brand(random: Random, length: number): { zh: string; en: string } {
  const chars = random.sample(BRAND_CHARS, length);
  return { zh: chars.map((c) => c[0]).join(''), en: joinPinyin(chars.map((c) => c[1])) };
}

function uniqueName(
  ctx: Context,
  kind: OrganisationKind,
  make: (attempt: number) => { zh: string; en: string },
): { zh: string; en: string } {
  for (let attempt = 0; ; attempt++) {
    const candidate = make(attempt);
    const zhKey = `${kind}|zh|${candidate.zh}`;
    const enKey = `${kind}|en|${candidate.en}`;
    if (!ctx.usedOrgNames.has(zhKey) && !ctx.usedOrgNames.has(enKey)) {
      ctx.usedOrgNames.add(zhKey);
      ctx.usedOrgNames.add(enKey);
      return candidate;
    }
    if (attempt > 10_000) throw new Error('could not find a unique organisation name');
  }
}

function enterpriseName(ctx: Context, trade: Trade): { zh: string; en: string; industry: string; hazardous: number; category: '1' | '2' } {
  const { random } = ctx;
  if (trade === 'restaurant') {
    let industry = '6210';
    let category: '1' | '2' = '2';
    const name = uniqueName(ctx, 'enterprise', (attempt) => {
      const [dish, dishEn, dishIndustry] = random.pick(DISHES);
      const pattern = random.weighted([0, 1, 2, 3], [0.3, 0.25, 0.3, 0.15]);
      const long = attempt > 30;
      industry = dishIndustry;
      category = '2';
      if (pattern === 0 && !long) {
        const [s, sp] = random.pick(SURNAMES_PINYIN);
        return { zh: `老${s}${dish}`, en: `Lao ${capitalise(sp)} ${dishEn}` };
      }
      if (pattern === 1 && !long) {
        const [s, sp] = random.pick(SURNAMES_PINYIN);
        return { zh: `${s}记${dish}`, en: `${capitalise(sp)} Ji ${dishEn}` };
      }
      const b = brand(random, long ? 3 : 2);
      if (pattern === 3) {
        industry = '6210';
        category = '1';
        return { zh: `临澜${b.zh}餐饮管理有限公司`, en: `Linlan ${b.en} Catering Management Co., Ltd.` };
      }
      return { zh: `${b.zh}${dish}`, en: `${b.en} ${dishEn}` };
    });
    return { ...name, industry, hazardous: 0, category };
  }
  const cores = TRADE_CORES[trade];
  let core = cores[0] as Core;
  const name = uniqueName(ctx, 'enterprise', (attempt) => {
    core = random.weighted(
      cores,
      cores.map((c) => c.weight),
    );
    const b = brand(random, attempt > 30 ? 3 : 2);
    // Companies usually carry the city name before their trade name; small works often do not.
    const withCity = core.category === '1' && random.chance(core.zh.endsWith('公司') ? 0.6 : 0.25);
    return withCity
      ? { zh: `临澜${b.zh}${core.zh}`, en: `Linlan ${b.en} ${core.en}` }
      : { zh: `${b.zh}${core.zh}`, en: `${b.en} ${core.en}` };
  });
  return { ...name, industry: core.industry, hazardous: core.hazardous, category: core.category };
}

function buildEnterprises(ctx: Context, scale: number): EnterprisePlan[] {
  const { random, grids, communities } = ctx;
  const total = Math.max(2 * TRADES.length, Math.round(1500 * scale));
  const counts = tradeCounts(total);
  const trades = random.shuffle(TRADES.flatMap((t) => Array<Trade>(counts[t]).fill(t)));
  // Each grid draws trades according to its community's zone, varied a little per grid.
  const gridFactor = grids.map(() => random.float(0.6, 1.4));
  const weightsByTrade = new Map<Trade, number[]>(
    TRADES.map((t) => [
      t,
      grids.map(
        (g, k) => ZONE_WEIGHTS[(communities[g.communityIndex] as CommunityPlan).zone][t] * (gridFactor[k] as number) * g.cells.length,
      ),
    ]),
  );
  const width = Math.max(5, String(total).length);
  return trades.map((trade, k) => {
    const grid = random.weighted(grids, weightsByTrade.get(trade) as number[]);
    const place = placeInGrid(ctx, grid);
    const name = enterpriseName(ctx, trade);
    let size = random.weighted(SIZES, SIZE_WEIGHTS[trade]);
    if (name.category === '2') size = 'micro';
    const uses = name.hazardous >= 1 || (name.hazardous > 0 && random.chance(name.hazardous));
    return {
      key: `ent-${pad(k + 1, width)}`,
      kind: 'enterprise',
      name: name.zh,
      nameEn: name.en,
      creditCode: creditCode(ctx, '9', name.category),
      department: null,
      areaKey: grid.key,
      address: place.address,
      lng: place.lng,
      lat: place.lat,
      industryCode: name.industry,
      trade,
      size,
      usesHazardousChemicals: trade === 'hazardous_chemicals' || uses,
      memberKeys: [],
      leadKey: null,
      communityIndex: grid.communityIndex,
    };
  });
}

// --- other organisations ----------------------------------------------------------------------------------------

const STREET_SAFETY_OFFICE = 'reg-street-safety';
const SAFETY_CONSULTANCY = 'prov-safety-consultancy';
const HAZCHEM_GROUP = 'group-hazardous-chemicals';

function buildOrganisations(ctx: Context, enterprises: EnterprisePlan[]): DemoOrganisation[] {
  const { random, grids, communities } = ctx;
  const streetPlace = () => placeInGrid(ctx, random.pick(grids));
  const other = (
    key: string,
    kind: OrganisationKind,
    zh: string,
    en: string,
    department: Department | null,
    areaKey: string,
    code: [string, string],
  ): DemoOrganisation => {
    uniqueName(ctx, kind, () => ({ zh, en }));
    const place = streetPlace();
    return {
      key,
      kind,
      name: zh,
      nameEn: en,
      creditCode: creditCode(ctx, code[0], code[1]),
      department,
      areaKey,
      address: place.address,
      lng: place.lng,
      lat: place.lat,
      industryCode: null,
      trade: null,
      size: null,
      usesHazardousChemicals: false,
      memberKeys: [],
      leadKey: null,
    };
  };
  const organ: [string, string] = ['1', '1'];
  const company: [string, string] = ['9', '1'];
  const regulators = [
    other(
      STREET_SAFETY_OFFICE,
      'regulator',
      '安澜街道应急管理办公室',
      'Anlan Street Emergency Management Office',
      'emergency',
      STREET.key,
      organ,
    ),
    other(
      'reg-district-emergency',
      'regulator',
      '安和区应急管理局',
      'Anhe District Emergency Management Bureau',
      'emergency',
      DISTRICT.key,
      organ,
    ),
    other('reg-district-transport', 'regulator', '安和区交通运输局', 'Anhe District Transport Bureau', 'transport', DISTRICT.key, organ),
    other('reg-fire-brigade', 'regulator', '安和区消防救援大队', 'Anhe District Fire and Rescue Brigade', 'fire', DISTRICT.key, organ),
    other(
      'reg-market-office',
      'regulator',
      '安和区市场监督管理局安澜市场监督管理所',
      'Anlan Market Supervision Office',
      'market',
      STREET.key,
      organ,
    ),
    other(
      'reg-district-housing',
      'regulator',
      '安和区住房和城乡建设局',
      'Anhe District Housing and Urban-Rural Development Bureau',
      'housing',
      DISTRICT.key,
      organ,
    ),
  ];
  const providers = [
    other(
      SAFETY_CONSULTANCY,
      'provider',
      '临澜安泰安全技术咨询有限公司',
      'Linlan Antai Safety Technology Consulting Co., Ltd.',
      null,
      STREET.key,
      company,
    ),
    other(
      'prov-vehicle-monitoring',
      'provider',
      '临澜智行车联网科技有限公司',
      'Linlan Zhixing Telematics Technology Co., Ltd.',
      null,
      STREET.key,
      company,
    ),
    // A private non-enterprise unit (民办非企业单位), registered by civil affairs: category 52.
    other('prov-training', 'provider', '安和区安达职业技能培训学校', 'Anhe Anda Vocational Skills Training School', null, STREET.key, [
      '5',
      '2',
    ]),
    other(
      'prov-engineering-inspection',
      'provider',
      '临澜正衡工程检测有限公司',
      'Linlan Zhengheng Engineering Inspection Co., Ltd.',
      null,
      STREET.key,
      company,
    ),
  ];

  // Mutual-aid groups: informal in practice; given a social-group code (51) so that every organisation has one.
  const ofTrade = (t: Trade) => enterprises.filter((e) => e.trade === t);
  const group = (
    key: string,
    zh: string,
    en: string,
    candidates: EnterprisePlan[],
    mustInclude: EnterprisePlan[],
    lead: EnterprisePlan | undefined,
  ) => {
    const g = other(key, 'mutual_aid_group', zh, en, null, STREET.key, ['5', '1']);
    const size = Math.min(candidates.length, random.int(10, 40));
    const chosen = new Set(mustInclude.map((e) => e.key));
    for (const e of random.shuffle(candidates)) {
      if (chosen.size >= size) break;
      chosen.add(e.key);
    }
    // Keep the enterprises' own order so the list reads naturally.
    g.memberKeys = candidates.filter((e) => chosen.has(e.key)).map((e) => e.key);
    g.leadKey = lead ? lead.key : null;
    return g;
  };
  const hazchem = ofTrade('hazardous_chemicals');
  const transport = ofTrade('transport');
  const workshops = ofTrade('workshop');
  const restaurantsByCommunity = communities.map((_, c) => enterprises.filter((e) => e.trade === 'restaurant' && e.communityIndex === c));
  let restaurantCommunity = 0;
  restaurantsByCommunity.forEach((list, c) => {
    if (list.length > (restaurantsByCommunity[restaurantCommunity] as EnterprisePlan[]).length) restaurantCommunity = c;
  });
  const restaurants = restaurantsByCommunity[restaurantCommunity] as EnterprisePlan[];
  const community = communities[restaurantCommunity] as CommunityPlan;
  // The lead of the hazardous-chemicals group is the second such enterprise, so that its principal is not the
  // principal of the first one (a separate demo sign-in).
  const hazchemLead = hazchem[1] ?? hazchem[0];
  const groups = [
    group(
      HAZCHEM_GROUP,
      '安澜街道危险化学品使用单位安全互助组',
      'Anlan Street Hazardous Chemicals Users Mutual-Aid Group',
      hazchem,
      hazchem.slice(0, 2),
      hazchemLead,
    ),
    group(
      'group-logistics',
      '安澜街道物流运输企业安全互助组',
      'Anlan Street Logistics Firms Mutual-Aid Group',
      transport,
      transport.slice(0, 1),
      transport[0],
    ),
    group(
      'group-restaurants',
      `${community.name}餐饮单位安全互助组`,
      `${community.nameEn} Restaurants Mutual-Aid Group`,
      restaurants,
      restaurants.slice(0, 1),
      restaurants[0],
    ),
    group(
      'group-workshops',
      '安澜街道小微加工企业安全互助组',
      'Anlan Street Small Workshops Mutual-Aid Group',
      workshops,
      workshops.slice(0, 1),
      workshops[0],
    ),
  ].filter((g) => g.leadKey !== null);

  const rescue = other('rescue-team', 'rescue_team', '安澜应急救援队', 'Anlan Emergency Rescue Team', null, STREET.key, ['5', '2']);

  const plain: DemoOrganisation[] = enterprises.map(({ communityIndex: _, ...e }) => e);
  return [...regulators, ...providers, ...groups, rescue, ...plain];
}

// --- people -----------------------------------------------------------------------------------------------------

function personName(ctx: Context): string {
  const { random } = ctx;
  for (let attempt = 0; ; attempt++) {
    const surname = random.pick(PERSON_SURNAMES);
    const given = random.chance(attempt > 20 ? 1 : 0.7) ? random.pick(GIVEN_CHARS) + random.pick(GIVEN_CHARS) : random.pick(GIVEN_CHARS);
    const name = surname + given;
    if (!ctx.usedPersonNames.has(name)) {
      ctx.usedPersonNames.add(name);
      return name;
    }
    if (attempt > 10_000) throw new Error('could not find a unique person name');
  }
}

function buildPeople(ctx: Context, organisations: DemoOrganisation[], enterprises: EnterprisePlan[], scale: number): DemoPerson[] {
  const { random, grids, communities } = ctx;
  const people: DemoPerson[] = [];
  const add = (grants: DemoGrant[], username: string | null = null): DemoPerson => {
    const person: DemoPerson = { key: `person-${pad(people.length + 1, 5)}`, name: personName(ctx), username, grants };
    people.push(person);
    return person;
  };
  const byKey = new Map(organisations.map((o) => [o.key, o]));

  // Regulators: a head and officers, each governing the regulator's area.
  const officerCounts: Record<string, number> = {
    [STREET_SAFETY_OFFICE]: 5,
    'reg-district-emergency': 3,
    'reg-district-transport': 2,
    'reg-fire-brigade': 2,
    'reg-market-office': 2,
    'reg-district-housing': 2,
  };
  for (const o of organisations.filter((x) => x.kind === 'regulator')) {
    const street = o.key === STREET_SAFETY_OFFICE;
    add([{ role: 'regulator_head', organisationKey: o.key, areaKey: o.areaKey }], street ? 'head' : null);
    const n = officerCounts[o.key] ?? 2;
    for (let k = 0; k < n; k++)
      add([{ role: 'regulator_officer', organisationKey: o.key, areaKey: o.areaKey }], street && k === 0 ? 'officer' : null);
  }

  // Providers: a manager and inspectors.
  for (const o of organisations.filter((x) => x.kind === 'provider')) {
    const main = o.key === SAFETY_CONSULTANCY;
    add([{ role: 'provider_manager', organisationKey: o.key, areaKey: null }], main ? 'provider' : null);
    const n = main ? 8 : random.int(2, 3);
    for (let k = 0; k < n; k++)
      add([{ role: 'provider_inspector', organisationKey: o.key, areaKey: null }], main && k === 0 ? 'inspector' : null);
  }

  // Enterprises: a principal and a safety manager for the first of each trade, every group lead, and a sample of the rest.
  const groups = organisations.filter((o) => o.kind === 'mutual_aid_group');
  const leadOf = new Map<string, string[]>();
  for (const g of groups) if (g.leadKey) leadOf.set(g.leadKey, [...(leadOf.get(g.leadKey) ?? []), g.key]);
  const staffed = new Set<string>();
  for (const t of TRADES) {
    const first = enterprises.find((e) => e.trade === t);
    if (first) staffed.add(first.key);
  }
  for (const key of leadOf.keys()) staffed.add(key);
  const target = Math.min(enterprises.length, Math.max(staffed.size, Math.round(200 * scale)));
  for (const e of random.shuffle(enterprises)) {
    if (staffed.size >= target) break;
    staffed.add(e.key);
  }
  const firstHazchem = enterprises.find((e) => e.trade === 'hazardous_chemicals');
  const hazchemGroup = byKey.get(HAZCHEM_GROUP);
  for (const e of enterprises) {
    if (!staffed.has(e.key)) continue;
    const isFirstHazchem = e.key === firstHazchem?.key;
    const leads = leadOf.get(e.key) ?? [];
    const principalUsername = isFirstHazchem ? 'principal' : hazchemGroup && e.key === hazchemGroup.leadKey ? 'grouplead' : null;
    add(
      [
        { role: 'enterprise_principal', organisationKey: e.key, areaKey: null },
        ...leads.map((g): DemoGrant => ({ role: 'group_lead', organisationKey: g, areaKey: null })),
      ],
      principalUsername,
    );
    add([{ role: 'enterprise_safety_manager', organisationKey: e.key, areaKey: null }], isFirstHazchem ? 'safety' : null);
  }

  // Grid workers (one per grid) and volunteers, recruited and managed by the street safety office.
  grids.forEach((g, k) => {
    add([{ role: 'grid_worker', organisationKey: STREET_SAFETY_OFFICE, areaKey: g.key }], k === 0 ? 'gridworker' : null);
  });
  const volunteers = Math.max(communities.length, Math.round(60 * scale));
  for (let k = 0; k < volunteers; k++) {
    const c = communities[k % communities.length] as CommunityPlan;
    add([{ role: 'volunteer', organisationKey: STREET_SAFETY_OFFICE, areaKey: c.key }], k === 0 ? 'volunteer' : null);
  }
  return people;
}
