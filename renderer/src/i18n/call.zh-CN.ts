import type { callEn } from './call.en';

/** 通话界面的简体中文文本（合并进 zh-CN.ts）。 */
export const callZhCN: Record<keyof typeof callEn, string> = {
  'meeting.leave': '离开',
};
