import type { desktopEn } from './desktop.en';

/** 安装版桌面功能的中文文本（并入 zh-CN.ts）。 */
export const desktopZhCN: Record<keyof typeof desktopEn, string> = {
  'update.ready': '版本 {version} 已准备就绪，将在您退出时安装。',
  'update.restartNow': '立即重启',
  'update.restartFailed': '现在无法重启；更新将在您退出时安装。',
  'update.downloading': '正在后台下载版本 {version}。',
};
