import type { reactionsEn } from './reactions.en';

/** 举手与表情回应（features/call/reactions）的中文文本（并入 zh-CN.ts）。 */
export const reactionsZhCN: Record<keyof typeof reactionsEn, string> = {
  'hands.raise': '举手',
  'hands.lower': '放下手',
  'hands.raised': '已举手',
  'hands.queue.title': '举手的人（{count}）',
  'hands.announce.raised': '{name} 举手了',
  'hands.announce.lowered': '{name} 放下了手',
  'hands.announce.youRaised': '你已举手',
  'hands.announce.youLowered': '你已放下手',
  'hands.notice.unavailable': '暂时无法举手：你尚未在此会议中发布音视频。',
  'hands.notice.failed': '无法让其他人看到你举手或放下手：{details}',
  'reactions.open': '表情回应',
  'reactions.picker': '发送表情回应',
  'reactions.send': '发送{reaction}',
  'reactions.announce': '{name} 回应了：{reaction}',
  'reactions.notice.unavailable': '暂时无法发送表情回应：你尚未在此会议中发布音视频。',
  'reactions.notice.failed': '无法发送你的表情回应：{details}',
  'reactions.emoji.thumbsUp': '点赞',
  'reactions.emoji.heart': '爱心',
  'reactions.emoji.laugh': '大笑',
  'reactions.emoji.surprised': '惊讶',
  'reactions.emoji.clap': '鼓掌',
  'reactions.emoji.celebrate': '庆祝',
  'meeting.help.hand': '举手或放下手',
  'meeting.help.react': '打开或关闭表情回应',
};
