import type { layoutEn } from './layout.en';

/** 通话布局（features/call/layout）的中文文本（并入 zh-CN.ts）。 */
export const layoutZhCN: Record<keyof typeof layoutEn, string> = {
  'layout.filmstrip.back': '查看前面的参会者',
  'layout.filmstrip.forward': '查看更多参会者',
  'layout.clock': '本次会议时长',
  'layout.participants': '参会人数：{count}',
  'layout.chatToast': '新聊天消息',
  'layout.chatToast.open': '打开聊天：{name} 说“{text}”',
  'layout.chatToast.dismiss': '关闭消息预览',
};
