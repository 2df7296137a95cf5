import type { logsEn } from './logs.en';

/** 导出日志的中文文本（并入 zh-CN.ts）。 */
export const logsZhCN: Record<keyof typeof logsEn, string> = {
  'logs.export': '导出日志',
  'logs.exported': '日志已保存到 {path}。请将此文件附在支持请求中；其中不含令牌或密码。',
  'logs.exportFailed': '无法导出日志：{reason}',
};
