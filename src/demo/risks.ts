/**
 * Demo risk registers: every enterprise of the demo jurisdiction gets one to
 * three risk points typical of its trade, each with hazard sources (GB 6441
 * accident types), one assessment graded by the national default scheme, and
 * control measures with check frequencies. Deterministic for a seed; the
 * enterprises where a demo sign-in works stay at yellow or below, so that what a
 * demo user adds is what colours their enterprise.
 */
import type { Kysely } from 'kysely';
import {
  type AccidentType,
  DEFAULT_SCHEME,
  grade,
  type MeasureType,
  nextDue,
  type RiskLevel,
  type RisksModule,
  type RisksTables,
  type SeedAssessment,
  type SeedMeasure,
  type SeedPoint,
  type SeedSource,
} from '../modules/risks/index.js';
import type { DemoJurisdiction, Trade } from './generate.js';
import { createRandom, type Random } from './random.js';

type Factor = 'human' | 'object' | 'environment' | 'management';
type Unit = 'day' | 'week' | 'month' | 'year';

interface Template {
  kind: 'place' | 'activity';
  name: string;
  description: string;
  sources: [AccidentType, Factor, string][];
  measures: [MeasureType, string, string, number, Unit][];
  /** Typical LEC inputs, mildest first; the generator picks one. */
  lec: [number, number, number][];
}

/** Mildest-first LEC inputs spanning blue to red under the default scheme. */
const LOW: [number, number, number] = [1, 3, 3]; // D 9
const BLUE: [number, number, number] = [1, 6, 7]; // D 42
const YELLOW: [number, number, number] = [3, 6, 7]; // D 126
const ORANGE: [number, number, number] = [6, 6, 7]; // D 252
const RED: [number, number, number] = [3, 6, 40]; // D 720

const TEMPLATES: Record<Trade, Template[]> = {
  hazardous_chemicals: [
    {
      kind: 'place',
      name: '危险化学品仓库',
      description: '甲类、乙类危险化学品分区储存，设有可燃气体报警装置。',
      sources: [
        ['fire', 'object', '易燃液体泄漏遇点火源'],
        ['other_explosion', 'object', '可燃蒸气积聚达到爆炸极限'],
        ['poisoning_asphyxiation', 'environment', '有毒物料泄漏，通风不良'],
      ],
      measures: [
        ['engineering', '可燃气体检测报警与事故排风联锁', '仓库管理员', 1, 'week'],
        ['management', '双人双锁、出入库台账', '仓库班组长', 1, 'day'],
        ['emergency', '泄漏应急处置箱、吸附材料配备到位', '安全管理员', 1, 'month'],
      ],
      lec: [BLUE, YELLOW, ORANGE, RED],
    },
    {
      kind: 'activity',
      name: '危化品装卸作业',
      description: '槽车到厂卸料、桶装物料搬运。',
      sources: [
        ['vehicle', 'human', '槽车倒车碰撞'],
        ['scald_burn', 'object', '腐蚀性物料喷溅'],
      ],
      measures: [
        ['training', '装卸人员持证上岗、作业前安全交底', '车间主任', 3, 'month'],
        ['protective_equipment', '防化服、护目镜、防护手套', '装卸班组长', 1, 'week'],
      ],
      lec: [BLUE, YELLOW, ORANGE],
    },
    {
      kind: 'place',
      name: '配电室',
      description: '10kV/0.4kV 变配电设备。',
      sources: [['electric_shock', 'object', '带电设备绝缘老化']],
      measures: [['management', '电工巡检、停送电票制度', '电工班长', 1, 'week']],
      lec: [LOW, BLUE, YELLOW],
    },
  ],
  warehouse: [
    {
      kind: 'place',
      name: '高位货架区',
      description: '六层横梁式货架，托盘存储。',
      sources: [
        ['struck_by_object', 'object', '货物坠落'],
        ['collapse', 'object', '货架超载变形倒塌'],
      ],
      measures: [
        ['engineering', '货架防撞护角、限重标识', '仓储主管', 1, 'month'],
        ['management', '货架定期检查记录', '仓库班组长', 1, 'week'],
      ],
      lec: [BLUE, YELLOW, ORANGE],
    },
    {
      kind: 'activity',
      name: '叉车作业',
      description: '库区内叉车搬运、装卸车。',
      sources: [['vehicle', 'human', '叉车与行人混行']],
      measures: [
        ['training', '叉车司机持证上岗', '仓储主管', 6, 'month'],
        ['engineering', '人车分流标线、叉车蓝光警示灯', '设备管理员', 1, 'month'],
      ],
      lec: [BLUE, YELLOW, ORANGE],
    },
    {
      kind: 'place',
      name: '消防通道与疏散出口',
      description: '库区消防车道、安全出口。',
      sources: [['fire', 'management', '通道堵塞、出口上锁']],
      measures: [['management', '每日防火巡查', '消防管理员', 1, 'day']],
      lec: [LOW, BLUE, YELLOW],
    },
  ],
  workshop: [
    {
      kind: 'place',
      name: '冲压设备区',
      description: '机械压力机、剪板机。',
      sources: [['machinery', 'object', '光电保护失效，手部伸入模区']],
      measures: [
        ['engineering', '光电保护装置与双手操纵按钮', '设备管理员', 1, 'week'],
        ['protective_equipment', '防护手套、耳塞', '班组长', 1, 'month'],
      ],
      lec: [BLUE, YELLOW, ORANGE],
    },
    {
      kind: 'activity',
      name: '动火作业',
      description: '焊接、切割等临时动火。',
      sources: [
        ['fire', 'management', '未清理可燃物即动火'],
        ['scald_burn', 'human', '焊渣飞溅灼伤'],
      ],
      measures: [
        ['management', '动火作业票审批与监护', '安全管理员', 1, 'week'],
        ['emergency', '作业点配备灭火器', '班组长', 1, 'month'],
      ],
      lec: [BLUE, YELLOW, ORANGE, RED],
    },
    {
      kind: 'place',
      name: '车间配电柜',
      description: '车间动力配电箱、照明箱。',
      sources: [['electric_shock', 'object', '柜门未锁、线路裸露']],
      measures: [['management', '配电柜月度检查', '电工', 1, 'month']],
      lec: [LOW, BLUE, YELLOW],
    },
  ],
  restaurant: [
    {
      kind: 'place',
      name: '后厨燃气灶具区',
      description: '商用燃气灶具、燃气管道。',
      sources: [
        ['fire', 'object', '燃气泄漏遇明火'],
        ['other_explosion', 'object', '燃气积聚爆燃'],
      ],
      measures: [
        ['engineering', '可燃气体报警器与紧急切断阀', '厨师长', 1, 'week'],
        ['management', '班前燃气阀门检查', '厨师长', 1, 'day'],
      ],
      lec: [BLUE, YELLOW, ORANGE],
    },
    {
      kind: 'place',
      name: '液化石油气钢瓶间',
      description: '备用液化气钢瓶存放。',
      sources: [['vessel_explosion', 'object', '钢瓶超期未检、暴晒']],
      measures: [['management', '钢瓶检验标识检查', '店长', 1, 'month']],
      lec: [BLUE, YELLOW, RED],
    },
    {
      kind: 'activity',
      name: '油烟管道清洗',
      description: '委托清洗公司定期清洗排油烟管道。',
      sources: [
        ['fire', 'management', '油垢积聚引发火灾'],
        ['fall_from_height', 'human', '登高清洗坠落'],
      ],
      measures: [['management', '油烟管道清洗记录', '店长', 3, 'month']],
      lec: [LOW, BLUE, YELLOW],
    },
  ],
  construction: [
    {
      kind: 'activity',
      name: '脚手架搭设与拆除',
      description: '外墙落地式脚手架作业。',
      sources: [
        ['fall_from_height', 'human', '未系挂安全带'],
        ['collapse', 'object', '连墙件缺失'],
      ],
      measures: [
        ['protective_equipment', '安全带、安全帽', '施工队长', 1, 'day'],
        ['management', '脚手架验收挂牌', '项目安全员', 1, 'week'],
      ],
      lec: [YELLOW, ORANGE, RED],
    },
    {
      kind: 'activity',
      name: '塔式起重机吊装',
      description: '材料垂直运输。',
      sources: [['lifting', 'object', '吊索具损坏、超载']],
      measures: [
        ['engineering', '力矩限制器、高度限位器', '设备管理员', 1, 'week'],
        ['training', '司索信号工持证上岗', '项目安全员', 6, 'month'],
      ],
      lec: [BLUE, YELLOW, ORANGE],
    },
    {
      kind: 'place',
      name: '施工临时用电',
      description: '三级配电、两级保护。',
      sources: [['electric_shock', 'object', '漏电保护器失效']],
      measures: [['management', '临时用电日常巡查', '电工', 1, 'day']],
      lec: [BLUE, YELLOW],
    },
  ],
  transport: [
    {
      kind: 'place',
      name: '车辆停放场',
      description: '营运车辆夜间停放。',
      sources: [
        ['vehicle', 'human', '场内车辆倒车碰撞'],
        ['fire', 'object', '车辆电气线路起火'],
      ],
      measures: [
        ['management', '停车场夜间巡查', '车队长', 1, 'day'],
        ['emergency', '消防器材配置检查', '安全员', 1, 'month'],
      ],
      lec: [BLUE, YELLOW, ORANGE],
    },
    {
      kind: 'place',
      name: '车辆维修车间',
      description: '二级维护、小修。',
      sources: [['machinery', 'object', '举升机锁止失效']],
      measures: [['engineering', '举升机安全锁止装置检查', '维修班长', 1, 'week']],
      lec: [LOW, BLUE, YELLOW],
    },
    {
      kind: 'activity',
      name: '车辆出车前安全检查',
      description: '例检：制动、轮胎、灯光。',
      sources: [['vehicle', 'management', '带病车辆上路']],
      measures: [['training', '驾驶员安全例会', '车队长', 1, 'month']],
      lec: [BLUE, YELLOW, ORANGE],
    },
  ],
};

export interface RiskDemo {
  points: SeedPoint[];
  sources: SeedSource[];
  assessments: SeedAssessment[];
  measures: SeedMeasure[];
}

/** A uuid-shaped id drawn from the seeded generator, so the whole register is reproducible. */
function uuid(random: Random): string {
  const word = () =>
    Math.floor(random.next() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  const h = `${word()}${word()}${word()}${word()}`;
  const variant = (8 + (Number.parseInt(h[16] as string, 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
}

const DAY = 86_400_000;
const RANK: Record<RiskLevel, number> = { low: 1, moderate: 2, high: 3, major: 4 };

/**
 * The registers of the enterprises; `capped` enterprises get nothing above yellow.
 * Pure: the same arguments always give the same result.
 */
export function generateRiskDemo(
  enterprises: readonly { id: string; key: string; trade: Trade | null; lng: number; lat: number }[],
  options: { seed: number; now: Date; schemeId: string; capped: ReadonlySet<string> },
): RiskDemo {
  const random = createRandom(options.seed ^ 0x5eed_4a5c);
  // Few distinct LEC inputs: grade each once.
  const graded = new Map<string, ReturnType<typeof grade>>();
  const gradeOf = ([l, e, c]: [number, number, number]) => {
    const key = `${l}×${e}×${c}`;
    let result = graded.get(key);
    if (!result) {
      result = grade(DEFAULT_SCHEME, { lec: { l, e, c } });
      graded.set(key, result);
    }
    return result;
  };
  const out: RiskDemo = { points: [], sources: [], assessments: [], measures: [] };
  for (const e of enterprises) {
    const templates = TEMPLATES[e.trade ?? 'workshop'];
    const chosen = random.sample(templates, random.weighted([1, 2, 3], [3, 5, 2]));
    for (const t of chosen) {
      const id = uuid(random);
      const assessmentId = uuid(random);
      const created = new Date(options.now.getTime() - random.int(30, 400) * DAY);
      // Milder inputs are likelier: weights fall off towards the template's worst case.
      let inputs = random.weighted(
        t.lec,
        t.lec.map((_, i) => [8, 5, 2, 0.5][i] ?? 0.5),
      );
      let result = gradeOf(inputs);
      if (result.ok && options.capped.has(e.key) && RANK[result.graded.level] > RANK.moderate) {
        inputs = t.lec[0] as [number, number, number];
        result = gradeOf(inputs);
      }
      if (!result.ok) throw new Error(`demo LEC inputs ${inputs.join('×')} are not in the default scheme`);
      const lng = Math.round((e.lng + random.float(-0.0003, 0.0003)) * 1e6) / 1e6;
      const lat = Math.round((e.lat + random.float(-0.0002, 0.0002)) * 1e6) / 1e6;
      out.points.push({
        id,
        enterpriseId: e.id,
        kind: t.kind,
        name: t.name,
        description: t.description,
        lng,
        lat,
        level: result.graded.level,
        assessmentId,
        at: created,
      });
      t.sources.forEach(([accidentType, factor, description], position) => {
        out.sources.push({ riskPointId: id, position, accidentType, factor, description });
      });
      out.assessments.push({
        id: assessmentId,
        riskPointId: id,
        enterpriseId: e.id,
        schemeId: options.schemeId,
        graded: result.graded,
        note: '年度风险辨识评价',
        at: new Date(created.getTime() + DAY),
      });
      for (const [type, description, ownerPost, every, unit] of t.measures) {
        // Checked within about one period: most checks are on schedule, some (over 1.0) overdue.
        const period = every * { day: 1, week: 7, month: 30, year: 365 }[unit] * DAY;
        const checked = random.chance(0.9) ? new Date(options.now.getTime() - Math.round(random.float(0.05, 1.12) * period)) : null;
        const from = checked && checked.getTime() > created.getTime() ? checked : created;
        out.measures.push({
          id: uuid(random),
          riskPointId: id,
          enterpriseId: e.id,
          type,
          description,
          ownerPost,
          every,
          unit,
          nextDueAt: nextDue(from, { every, unit }),
          lastCheckedAt: checked && checked.getTime() > created.getTime() ? checked : null,
          lastResult: checked && checked.getTime() > created.getTime() ? 'passed' : null,
          at: created,
        });
      }
    }
  }
  return out;
}

/**
 * Loads the registers inside the demo's transaction; the demo load records the one
 * audit entry. Answers the numbers loaded, for that entry.
 */
export async function loadRiskDemo(
  trx: Kysely<RisksTables>,
  risks: Pick<RisksModule, 'seed'>,
  demo: DemoJurisdiction,
  orgId: (key: string) => string,
  options: { seed: number; now: Date },
): Promise<{ riskPoints: number; controlMeasures: number }> {
  const signedIn = new Set(demo.people.filter((p) => p.username !== null).flatMap((p) => p.grants.map((g) => g.organisationKey)));
  const enterprises = demo.organisations
    .filter((o) => o.kind === 'enterprise')
    .map((o) => ({ id: orgId(o.key), key: o.key, trade: o.trade, lng: o.lng, lat: o.lat }));
  const schemeId = await risks.seed.defaultSchemeId(trx);
  const data = generateRiskDemo(enterprises, { ...options, schemeId, capped: signedIn });
  await risks.seed.insert(trx, data);
  await risks.seed.refresh(
    trx,
    enterprises.map((e) => e.id),
    options.now,
  );
  return { riskPoints: data.points.length, controlMeasures: data.measures.length };
}
