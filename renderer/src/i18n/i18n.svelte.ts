/**
 * Runtime-switchable translations. `t()` reads rune state, so every template using it re-renders on switch. English
 * is built in (and the fallback); other languages load on first use, so the first screens do not carry them.
 */
import type { Language } from '../../../common/api-contract';
import { en, type MessageKey, type Messages } from './en';

const catalogues: Partial<Record<Language, Messages>> = { en };
const loaders: Record<Exclude<Language, 'en'>, () => Promise<Messages>> = {
  'zh-CN': () => import('./zh-CN').then((module) => module.zhCN),
};

let current = $state<Language>('en');
/** The latest switch asked for: an earlier one that finishes loading later must not win. */
let requested: Language = 'en';

export type { MessageKey };

export const i18n = {
  get locale(): Language {
    return current;
  },
  /** Switches once the language's messages are loaded (at once for English or a language used before). */
  async setLocale(locale: Language): Promise<void> {
    requested = locale;
    if (!catalogues[locale] && locale !== 'en') catalogues[locale] = await loaders[locale]();
    if (requested !== locale) return;
    current = locale;
    document.documentElement.lang = locale;
  },
};

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = (catalogues[current] ?? en)[key];
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
