/** The inspections screens' strings; zh-CN first, English typed against it so the keys stay identical. */
export const zh = {};

export const en: typeof zh = {};
