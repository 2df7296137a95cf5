import type { presenterEn } from './presenter.en';

/** 演示者桌面控件的中文文本：共享控制条窗口和紧凑演示视图（并入 zh-CN.ts）。 */
export const presenterZhCN: Record<keyof typeof presenterEn, string> = {
  'presenter.bar.sharingSource': '你正在共享 {source}',
  'presenter.compact.open': '紧凑视图',
  'presenter.compact.openHint': '演示时将此窗口缩小为始终置顶的小窗口',
  'presenter.compact.label': '紧凑演示视图',
  'presenter.compact.back': '返回完整视图',
  'presenter.compact.controls': '演示者控制',
};
