import type { settingsEn } from './settings.en';

/** Simplified Chinese messages of the Settings screen, merged into zh-CN.ts. */
export const settingsZhCN: Record<keyof typeof settingsEn, string> = {
  'settings.open': '设置',
  'settings.title': '设置',
  'settings.back': '返回',
  'settings.close': '关闭设置',
  'settings.intro': '更改立即生效，并会保留到以后的会议。',
  'settings.saveFailed': '无法保存此更改：{reason}',

  'settings.devices': '设备',
  'settings.speakerNotSupported': '此系统只能在默认输出设备上播放声音。',

  'settings.audio': '音频处理',
  'settings.echoCancellation': '回声消除',
  'settings.echoCancellation.hint': '避免其他人从你的扬声器里听到自己的声音。',
  'settings.noiseSuppression': '降噪',
  'settings.noiseSuppression.off': '关闭',
  'settings.noiseSuppression.off.hint': '保持麦克风原声，例如用于音乐。',
  'settings.noiseSuppression.browser': '标准',
  'settings.noiseSuppression.browser.hint': '浏览器自带的稳态噪声抑制。',
  'settings.noiseSuppression.rnnoise': '强（RNNoise）',
  'settings.noiseSuppression.rnnoise.hint': '由神经网络去除风扇、键盘和街道噪声；会多占用一点处理器。',
  'settings.noiseSuppression.failed': '强降噪无法启动，已改用标准降噪。（{details}）',
  'settings.autoGainControl': '自动音量',
  'settings.autoGainControl.hint': '靠近或远离麦克风时保持音量均衡。',

  'settings.video': '视频',
  'settings.mirror': '镜像显示我的视频',
  'settings.mirror.hint': '只有你自己的画面是镜像的，其他人看到的是正常方向。',
  'settings.blur': '虚化我的背景',
  'settings.blur.hint': '其他人看到的你身后是模糊的房间。',

  'settings.joining': '加入会议',
  'settings.joinMicOff': '加入时关闭麦克风',
  'settings.joinCameraOff': '加入时关闭摄像头',

  'settings.general': '语言和通知',
  'settings.notifications': '桌面通知',
  'settings.notifications.hint': 'Licode Desktop 在后台时，收到聊天消息或有人加入会通知你。',
  'settings.dismiss': '关闭',
};
