/**
 * Demo hazards: about 50,000 per unit of scale (1,000,000 at scale 20, as issue 4 fixes), over all the demo
 * jurisdiction's enterprises and the two years before loading, in every state, source and grade. Generated in
 * bulk by the hazards module from the enterprises and places handed over here; deterministic for a seed and an
 * instant.
 */

import type { InTransaction } from '../modules/audit/index.js';
import type { DemoEnterprise, HazardsModule } from '../modules/hazards/index.js';
import type { DemoJurisdiction } from './generate.js';

export const HAZARDS_PER_SCALE = 50_000;

const TITLES = [
  '配电箱门未关闭，线路裸露',
  '消防通道堆放杂物',
  '灭火器压力不足或过期',
  '安全出口指示灯损坏',
  '砂轮机防护罩缺失',
  '叉车未按期年检',
  '气瓶未固定、无防倾倒措施',
  '危险化学品未分类分区存放',
  '可燃气体报警器未定期校验',
  '员工宿舍与仓库同一建筑内',
  '电动车在室内充电',
  '特种作业人员无证上岗',
  '有限空间作业未审批',
  '未对承租单位进行统一安全管理',
  '安全警示标志缺失',
  '用电线路私拉乱接',
  '防爆电器设施损坏',
  '应急照明不亮',
  '货架超高堆放，无防倒措施',
  '液化气钢瓶与灶具间距不足',
  '排油烟管道油污积聚',
  '脚手架连墙件缺失',
  '临边洞口防护缺失',
  '车辆动态监控装置离线',
  '安全培训记录缺失',
  '隐患排查台账未建立',
  '应急预案未演练',
  '机械传动部位无防护',
  '涉氨制冷设备间人员超员',
  '粉尘清扫制度未落实',
];

const MEASURES = [
  '立即停用，更换合格部件并复查',
  '清理杂物，保持通道畅通，设置禁止堆放标识',
  '更换过期器材，建立月检记录',
  '组织专项培训并持证上岗',
  '完善管理制度，明确责任人并定期检查',
  '加装防护装置，设置警示标志',
  '委托有资质单位检测维修',
  '签订安全生产管理协议，纳入统一检查',
];

const RESPONSIBLE = ['王建国', '李伟', '张敏', '刘洋', '陈静', '杨帆', '赵强', '黄丽', '周杰', '吴勇'];

export async function loadHazardDemo(
  tx: InTransaction,
  hazards: Pick<HazardsModule, 'seed'>,
  demo: DemoJurisdiction,
  ids: { area: (key: string) => string; organisation: (key: string) => string },
  options: { seed: number; scale: number; now: Date },
): Promise<{ hazards: number }> {
  const areas = new Map(demo.areas.map((a) => [a.key, a]));
  const pathOf = (key: string): string[] => {
    const out: string[] = [];
    for (let a = areas.get(key); a; a = a.parentKey ? areas.get(a.parentKey) : undefined) out.unshift(ids.area(a.key));
    return out;
  };
  const enterprises: DemoEnterprise[] = demo.organisations
    .filter((o) => o.kind === 'enterprise')
    .map((o) => ({
      id: ids.organisation(o.key),
      areaId: ids.area(o.areaKey),
      areaPath: pathOf(o.areaKey),
      trade: o.trade,
      lng: o.lng,
      lat: o.lat,
    }));
  const street = demo.areas.find((a) => a.level === 'street');
  const office = demo.organisations.find((o) => o.kind === 'regulator' && o.department === 'emergency' && o.areaKey === street?.key);
  const count = await hazards.seed.demoHazards(tx, {
    enterprises,
    count: Math.round(HAZARDS_PER_SCALE * options.scale),
    seed: options.seed,
    now: options.now,
    supervisor: office ? ids.organisation(office.key) : null,
    titles: TITLES,
    measures: MEASURES,
    responsible: RESPONSIBLE,
  });
  return { hazards: count };
}
