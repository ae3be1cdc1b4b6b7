/**
 * The checklists shipped with the product (标准检查表库). The item texts are our
 * own checklist wording; each cites the law, standard or criterion clause it
 * rests on. The clauses of 应急管理部令第10号 (2023) follow its layout: Art. 3 the
 * three management items, Arts. 4–10 the trades, Art. 11 dust explosion (ten
 * items), Art. 12 liquid-ammonia refrigeration, Art. 13 confined spaces. The items
 * cited here were checked against published reproductions of the text (the
 * research notes, 1.10, and local bulletins quoting Art. 11 item by item); the
 * official gazette was not reachable. They are data, not code: a revised edition is
 * published as a new version of the checklist.
 */
import type { ChecklistContent, ChecklistItem } from '../checklists.rules.js';

type ItemInput = Partial<ChecklistItem> & Pick<ChecklistItem, 'key' | 'label'>;

const item = (i: ItemInput): ChecklistItem => ({
  hint: null,
  type: 'verdict',
  required: true,
  weight: 1,
  legalBasis: null,
  major: false,
  criterion: null,
  min: null,
  max: null,
  unit: null,
  choices: [],
  ...i,
});

const LAW = '《中华人民共和国安全生产法》';
const CRITERIA = '《工贸企业重大事故隐患判定标准》（应急管理部令第10号）';

/** Criterion item: a failure is a major hazard citing the clause of Order No. 10. */
const criterionItem = (key: string, label: string, clause: string, basis: { document: string; clause: string | null }, hint?: string) =>
  item({
    key,
    label,
    hint: hint ?? null,
    weight: 5,
    major: true,
    criterion: clause,
    legalBasis: basis,
  });

export const GONGMAO_CRITERIA = { library: 'gongmao-2023', version: '2023-05-15' } as const;

export const GONGMAO_MAJOR_2023: ChecklistContent = {
  title: '工贸企业重大事故隐患自查表（2023）',
  description:
    '依据《工贸企业重大事故隐患判定标准》（2023年5月15日起施行）编制的自查表：先查三项通用管理类条款，再查粉尘防爆、涉氨制冷、有限空间等专项条款。不涉及的专项请选“不适用”。任一项不符合即判定为重大事故隐患，须立即报告并落实整改。',
  criteriaLibrary: { ...GONGMAO_CRITERIA },
  sections: [
    {
      key: 'management',
      title: '一、管理类（所有工贸企业）',
      items: [
        criterionItem(
          'mgmt_contractor_lessee',
          '将场所、设备出租或将项目发包的，已与承租、承包单位签订安全生产管理协议（或在合同中约定各自安全职责），对其安全生产统一协调、管理，并定期开展安全检查',
          '第三条第（一）项',
          { document: LAW, clause: '第四十九条' },
          '查租赁/承包合同、安全管理协议和近期对承租、承包单位的检查记录。没有出租或发包的，选“不适用”。',
        ),
        criterionItem(
          'mgmt_special_operators',
          '电工、焊工、高处作业等特种作业人员均经专门安全作业培训并持有效资格证书上岗',
          '第三条第（二）项',
          { document: LAW, clause: '第三十条' },
          '抽查在岗特种作业人员名单与证书（类别、有效期）是否一致。',
        ),
        criterionItem(
          'mgmt_metallurgy_assessment',
          '金属冶炼企业的主要负责人和安全生产管理人员已按规定经安全生产知识和管理能力考核合格',
          '第三条第（三）项',
          { document: LAW, clause: '第二十七条' },
          '非金属冶炼企业选“不适用”。',
        ),
      ],
    },
    {
      key: 'dust',
      title: '二、粉尘防爆（存在可燃性粉尘的企业）',
      items: [
        criterionItem(
          'dust_building_occupancy',
          '粉尘爆炸危险场所设在符合要求的框架结构建筑内，场所内没有宿舍、办公室、会议室、休息室等人员聚集场所',
          '第十一条第（一）项',
          { document: 'GB 15577-2018《粉尘防爆安全规程》', clause: null },
        ),
        criterionItem(
          'dust_separate_systems',
          '除尘系统按粉尘种类和所在建筑物、防火分区分别设置，不与可燃气体等介质或其他系统共用、互通',
          '第十一条第（二）项',
          { document: 'GB 15577-2018《粉尘防爆安全规程》', clause: null },
        ),
        criterionItem('dust_explosion_control', '干式除尘系统至少采取了泄爆、惰化、抑爆中的一种爆炸防控措施', '第十一条第（三）项', {
          document: 'GB 15577-2018《粉尘防爆安全规程》',
          clause: null,
        }),
        criterionItem('dust_zone20_electrical', '除尘器、收尘仓等划为20区的场所内，电气设备均为符合要求的防爆型', '第十一条第（七）项', {
          document: 'GB 12476.1《可燃性粉尘环境用电气设备》',
          clause: null,
        }),
        criterionItem(
          'dust_cleaning',
          '已建立并执行粉尘清理制度，作业现场没有严重积尘',
          '第十一条第（十）项',
          { document: 'GB 15577-2018《粉尘防爆安全规程》', clause: null },
          '查清扫记录，目视检查设备、地面、梁架上的积尘。',
        ),
      ],
    },
    {
      key: 'ammonia',
      title: '三、涉氨制冷（使用液氨制冷的企业）',
      items: [
        criterionItem(
          'ammonia_air_conditioning',
          '包装、分割、产品整理等人员较多场所的空调系统未采用氨直接蒸发制冷',
          '第十二条第（一）项',
          { document: 'GB 50072《冷库设计标准》', clause: null },
        ),
        criterionItem('ammonia_freezer_room', '快速冻结装置设在单独的作业间内', '第十二条第（二）项', {
          document: 'GB 50072《冷库设计标准》',
          clause: null,
        }),
        item({
          key: 'ammonia_freezer_headcount',
          label: '快速冻结装置作业间内同时作业的人数',
          hint: '清点当班同时在该作业间内作业的人数；不涉及的留空并在备注说明。',
          type: 'number',
          required: false,
          weight: 5,
          min: 0,
          max: 9,
          unit: '人',
          major: true,
          criterion: '第十二条第（二）项',
          legalBasis: { document: CRITERIA, clause: '第十二条' },
        }),
      ],
    },
    {
      key: 'confined',
      title: '四、有限空间（存在硫化氢、一氧化碳等中毒窒息风险的有限空间）',
      items: [
        criterionItem('confined_identified', '已辨识有限空间并建立安全管理台账，在入口设置了明显的安全警示标志', '第十三条第（一）项', {
          document: '《工贸企业有限空间作业安全规定》',
          clause: null,
        }),
        criterionItem('confined_permit', '有限空间作业经审批，执行“先通风、再检测、后作业”，作业现场设有监护人员', '第十三条第（二）项', {
          document: '《工贸企业有限空间作业安全规定》',
          clause: null,
        }),
      ],
    },
  ],
};

export const GENERAL_SELF_CHECK: ChecklistContent = {
  title: '生产经营单位安全生产通用自查表',
  description:
    '适用于各类生产经营单位日常自查：安全管理、现场安全和消防。不符合项登记为一般隐患（标注“重大”的项目不符合即为重大事故隐患），立查立改的请标注并拍照留证。',
  criteriaLibrary: { ...GONGMAO_CRITERIA },
  sections: [
    {
      key: 'management',
      title: '一、安全管理',
      items: [
        {
          ...criterionItem(
            'mgmt_contractor_lessee',
            '将场所、设备出租或将项目发包的，已与承租、承包单位签订安全生产管理协议，统一协调、管理其安全生产并定期检查',
            '第三条第（一）项',
            { document: LAW, clause: '第四十九条' },
            '没有出租或发包的，选“不适用”。',
          ),
          required: false,
        },
        item({
          key: 'responsibility_system',
          label: '已建立并落实全员安全生产责任制，各岗位职责明确',
          legalBasis: { document: LAW, clause: '第二十二条' },
        }),
        item({
          key: 'training',
          label: '从业人员经安全生产教育和培训合格后上岗，培训有记录',
          legalBasis: { document: LAW, clause: '第二十八条' },
        }),
        item({
          key: 'hazard_ledger',
          label: '建立了事故隐患排查治理制度，排查和整改情况如实记录',
          legalBasis: { document: LAW, clause: '第四十一条' },
        }),
        item({
          key: 'emergency_plan',
          label: '制定了生产安全事故应急救援预案',
          legalBasis: { document: LAW, clause: '第八十一条' },
        }),
        item({
          key: 'months_since_drill',
          label: '距最近一次应急演练的月数',
          hint: '按演练记录计算；每年至少一次综合或专项演练。',
          type: 'number',
          min: 0,
          max: 12,
          unit: '月',
          legalBasis: { document: '《生产安全事故应急预案管理办法》', clause: '第三十三条' },
        }),
      ],
    },
    {
      key: 'site',
      title: '二、现场安全',
      items: [
        item({
          key: 'exits_clear',
          label: '安全出口、疏散通道畅通，标志明显，未锁闭、封堵',
          legalBasis: { document: LAW, clause: '第四十二条' },
        }),
        item({
          key: 'warning_signs',
          label: '有较大危险因素的场所和设施设备设置了明显的安全警示标志',
          legalBasis: { document: LAW, clause: '第三十五条' },
        }),
        item({
          key: 'ppe',
          label: '为从业人员提供符合标准的劳动防护用品，并督促正确佩戴',
          legalBasis: { document: LAW, clause: '第四十五条' },
        }),
        item({
          key: 'extinguishers',
          label: '灭火器的状态',
          type: 'choice',
          choices: [
            { value: 'ok', label: '配置齐全、压力正常、在有效期内', fail: false },
            { value: 'low_pressure', label: '压力不足', fail: true },
            { value: 'expired', label: '过期未检', fail: true },
            { value: 'missing', label: '缺失或数量不足', fail: true },
          ],
          legalBasis: { document: '《中华人民共和国消防法》', clause: '第十六条' },
        }),
        item({
          key: 'other_findings',
          label: '其他发现',
          type: 'text',
          required: false,
          weight: 0,
        }),
        item({
          key: 'site_photos',
          label: '现场照片',
          type: 'photo',
          required: false,
          weight: 0,
        }),
      ],
    },
  ],
};

/** The library: stable keys; a changed content is published as a new version on the next migration. */
export const STARTER_LIBRARY: readonly { key: string; content: ChecklistContent }[] = [
  { key: 'general-self-check', content: GENERAL_SELF_CHECK },
  { key: 'gongmao-major-2023', content: GONGMAO_MAJOR_2023 },
];
