import type { mediaHealthEn } from './media-health.en';

/** 媒体状态（features/call/media-health）的中文文本：未送达的视频、中断的媒体、重新连接、离开（并入 zh-CN.ts）。 */
export const mediaHealthZhCN: Record<keyof typeof mediaHealthEn, string> = {
  'mediaHealth.unavailable': '视频不可用',
  'mediaHealth.retryingIn': '{seconds} 秒后重试…',
  'mediaHealth.retrying': '正在重试…',
  'mediaHealth.retryNow': '立即重试',
  'mediaHealth.connectionLost': '连接中断',
  'mediaHealth.reconnecting': '连接已断开，正在重新连接…',
  'mediaHealth.reconnectingSince': '第 {attempt} 次尝试 · {elapsed}',
  'mediaHealth.reconnectingFirst': '正在尝试 · {elapsed}',
  'mediaHealth.leave': '离开会议',
  'mediaHealth.reconnected': '已重新连接',
  'mediaHealth.left': '你已离开会议 {room}。',
  'mediaHealth.rejoin': '重新加入',
  'mediaHealth.dismiss': '关闭',
};
