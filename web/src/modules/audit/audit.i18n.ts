/** The audit screens' strings; zh-CN first, English typed against it so the keys stay identical. */
export const zh = {
  auditHead: {
    title: '工作留痕链头（公示）',
    intro:
      '平台上每一项监管工作都记入工作留痕，记录首尾相连、逐条以 SHA-256 哈希链接。下面是最新一条记录的序号和哈希。请自行留存；日后据此核验（gongzhi audit verify --expect，或核验接口的 expect 参数），即可发现此后是否有记录被删除。',
    seq: '最新记录序号',
    hash: '哈希（SHA-256）',
    at: '记录时间',
    expect: '核验参数',
    empty: '尚无记录',
  },
};

export const en: typeof zh = {
  auditHead: {
    title: 'Head of the audit trail (published)',
    intro:
      'Every piece of supervision work on the platform is recorded in the audit trail, each entry chained to the one before by its SHA-256 hash. Below are the number and hash of the newest entry. Keep them: checked later (gongzhi audit verify --expect, or the expect parameter of the verify endpoint), they show whether any entry up to them was removed.',
    seq: 'Newest entry',
    hash: 'Hash (SHA-256)',
    at: 'Written at',
    expect: 'For verification',
    empty: 'No entries yet',
  },
};
