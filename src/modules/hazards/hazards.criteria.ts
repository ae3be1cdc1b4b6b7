/**
 * The major-hazard criteria the assess form offers, as a versioned library with clause numbers (research §1.10):
 * 工贸企业重大事故隐患判定标准 (应急管理部令第10号, effective 2023-05-15). Only the clauses that apply to every
 * industry-and-trade enterprise (Art. 3, verbatim) and the two special-topic articles summarised in the research
 * notes are here; the full 64 items belong to the checklist library, which cites the same library and version.
 */
export interface CriterionClause {
  library: string;
  version: string;
  clause: string;
  text: { 'zh-CN': string; en: string };
}

const LIB = 'gongmao-2023';
const VERSION = '2023-05-15';

export const CRITERIA: readonly CriterionClause[] = [
  {
    library: LIB,
    version: VERSION,
    clause: '第三条第（一）项',
    text: {
      'zh-CN': '未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的',
      en: 'Contractors’ and tenants’ work safety not coordinated and managed, or not inspected regularly',
    },
  },
  {
    library: LIB,
    version: VERSION,
    clause: '第三条第（二）项',
    text: {
      'zh-CN': '特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的',
      en: 'Special-operations workers at work without the required training and qualification',
    },
  },
  {
    library: LIB,
    version: VERSION,
    clause: '第三条第（三）项',
    text: {
      'zh-CN': '金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格的',
      en: 'Principal and safety managers of a metal-smelting enterprise not assessed as qualified',
    },
  },
  {
    library: LIB,
    version: VERSION,
    clause: '第十二条',
    text: {
      'zh-CN': '涉氨制冷：包装、分割、产品整理场所使用氨直接蒸发制冷空调；速冻设备未设置在单独作业间或作业间人员超过9人',
      en: 'Ammonia refrigeration: direct-evaporation ammonia air conditioning where goods are packed, cut or finished; quick-freeze units not in a separate room, or more than 9 people in it',
    },
  },
  {
    library: LIB,
    version: VERSION,
    clause: '第十三条',
    text: {
      'zh-CN': '有限空间作业：未辨识、登记有限空间；未执行作业审批，或未落实“先通风、再检测、后作业”',
      en: 'Confined spaces: not identified and registered; work without a permit, or without ventilating, then testing, then working',
    },
  },
];
