import type { devicesEn } from './devices.en';

/** Chinese words of the camera, microphone and speaker selects, merged into zh-CN.ts. */
export const devicesZhCN: Record<keyof typeof devicesEn, string> = {
  'devices.camera': '摄像头',
  'devices.microphone': '麦克风',
  'devices.speaker': '扬声器',
  'devices.systemDefault': '系统默认',
  'devices.none': '未找到',
  'devices.unnamed': '{kind} {index}',
  'devices.unavailable': '不可用的设备',
};
