import type { recordingEn } from './recording.en';

/** 会议录制（features/call/recording）的中文文本（并入 zh-CN.ts）。 */
export const recordingZhCN: Record<keyof typeof recordingEn, string> = {
  'recording.start': '录制',
  'recording.stop': '停止录制',
  'recording.startLabel': '录制此会议',
  'recording.stopLabel': '停止录制此会议',
  'recording.indicator': '正在录制',
  'recording.announce.youStarted': '你正在录制此会议。会议中的每个人都能看到会议正在被录制。',
  'recording.announce.youStopped': '你已停止录制。',
  'recording.announce.started': '{name} 开始录制此会议',
  'recording.announce.stopped': '{name} 停止了录制',
  'recording.announce.inProgress': '此会议正在被录制',
  'recording.notice.unavailable': '暂时无法录制：你尚未在此会议中发布音视频，其他人将无法看到会议正在被录制。',
  'recording.notice.startFailed': '录制未能开始：{reason}',
  'recording.notice.streamFailed': '并非所有人都在被录制：{reason}',
  'recording.notice.stopFailed': '无法停止录制：{reason}录制可能仍在进行，请再次点击“停止录制”。',
  'recording.notice.lost': '录制已停止：与服务器的连接中断，已重新加入会议。如仍需录制，请再次点击“录制”。',
  'recording.reason.noRight': '你在此服务器上的角色无权录制（Licode 只授予主讲人录制权限）。',
  'recording.reason.notRecordable': '服务器无法录制这些音视频流。',
  'recording.reason.publisherGone': '有参会者在录制开始前停止了发布。',
  'recording.reason.notRecording': '服务器上没有这个录制。',
  'recording.reason.timeout': '服务器没有及时响应。',
  'recording.reason.notConnected': '你未连接到会议。',
  'recording.reason.other': '服务器返回“{details}”。',
};
