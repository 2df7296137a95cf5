import type { ScreenSource } from '../../common/api-contract';

/**
 * The browser picks the screen itself (getDisplayMedia shows its own chooser), so the web host offers a
 * single entry that stands for "let the browser ask".
 */
export async function webHostScreenSources(): Promise<ScreenSource[]> {
  return [{ id: 'browser-picker', name: 'Choose in the browser', kind: 'screen', thumbnail: null }];
}
