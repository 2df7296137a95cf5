/** Runtime-switchable translations. `t()` reads rune state, so every template using it re-renders on switch. */
import type { Language } from '../../../common/api-contract';
import { en, type MessageKey, type Messages } from './en';
import { zhCN } from './zh-CN';

const catalogues: Record<Language, Messages> = { en, 'zh-CN': zhCN };

let current = $state<Language>('en');

export type { MessageKey };

export const i18n = {
  get locale(): Language {
    return current;
  },
  setLocale(locale: Language): void {
    current = locale;
    document.documentElement.lang = locale;
  },
};

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[current][key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/** Relative time like "3 minutes ago" in the current language. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(current, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}
