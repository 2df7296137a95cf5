import type { inviteEn } from './invite.en';

/** 会议邀请（features/invite）的中文文本（并入 zh-CN.ts）。 */
export const inviteZhCN: Record<keyof typeof inviteEn, string> = {
  'invite.copy': '复制邀请',
  'invite.copied': '邀请已复制',
  'invite.copyFailed': '无法复制邀请。请选中下面的文字自行复制。',
  'invite.close': '关闭',
  'invite.text.intro': '加入 Licode Desktop 会议“{room}”。',
  'invite.text.server': '服务器：{server}',
  'invite.text.room': '房间：{room}',
  'invite.text.link': '在 Licode Desktop 中打开：{link}',
};
