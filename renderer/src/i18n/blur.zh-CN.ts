import type { blurEn } from './blur.en';

/** 背景虚化（features/background-blur）的中文文本（并入 zh-CN.ts）。 */
export const blurZhCN: Record<keyof typeof blurEn, string> = {
  'blur.toggle': '虚化我的背景',
  'blur.toggleHint': '其他人看到清晰的你和模糊的房间。',
  'blur.starting': '正在启动背景虚化…',
  'blur.failed.no-webgl': '这台电脑不支持背景虚化（图形不支持 WebGL），其他人看到的是未处理的摄像头画面。',
  'blur.failed.load-failed': '背景虚化无法启动，其他人看到的是未处理的摄像头画面。详细信息：{details}',
  'blur.dismiss': '关闭',
};
