/** Strings of the vehicle register import (the fleet page's 导入 action); zh-CN first, English typed against it. */
export const zh = {
  action: '导入',
  title: '批量导入车辆',
  intro:
    '上传 CSV（UTF-8 或 GB18030）或 XLSX 格式的车辆登记表。按车牌号和车牌颜色更新已有车辆、新增其余车辆；驾驶员按从业资格证号匹配，新驾驶员登记到该车的经营企业。有问题的行逐行列出，其余行照常导入。',
  dropHint: '第一行为表头（中文或英文列名均可）；必填列：车牌号、车牌颜色、车辆类型、经营企业（统一社会信用代码或名称）、终端号',
  template: '下载模板（CSV）',
  templateHint: '驾驶员写作“姓名/从业资格证号”，多人以分号分隔；接驳运输填“是”或“否”，仅限班线客车。',
  driversCreated: '新登记驾驶员 {{count}} 名',
  partlyImported: '出错前已完成的批次已保存（新增 {{created}} 辆，更新 {{updated}} 辆）；修改文件后重新上传即可，已导入的行不会重复。',
  nothingImported: '本次没有导入任何数据，车辆登记保持原样。请修改文件后重新上传。',
  close: '关闭',
};

export const en: typeof zh = {
  action: 'Import',
  title: 'Import vehicles',
  intro:
    'Upload a vehicle register as CSV (UTF-8 or GB18030) or XLSX. Vehicles registered already are updated by plate number and colour and the rest are added; drivers are matched by qualification certificate number, and new ones are registered with the vehicle’s enterprise. Rows with problems are listed one by one and the others are imported.',
  dropHint:
    'The first row names the columns (in Chinese or English); required: plate number, plate colour, class, enterprise (credit code or name), terminal number',
  template: 'Download the template (CSV)',
  templateHint:
    'Drivers are written name/certificate number, separated by semicolons; relay exemption is 是 (yes) or 否 (no), for coaches only.',
  driversCreated: '{{count}} drivers registered',
  partlyImported:
    'The batches done before the error are kept ({{created}} vehicles added, {{updated}} updated); correct the file and upload it again, rows already imported are not repeated.',
  nothingImported: 'Nothing was imported; the register is as it was. Correct the file and upload it again.',
  close: 'Close',
};
