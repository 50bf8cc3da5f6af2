import { createI18n } from 'vue-i18n';
import en from './en';
import uk, { type Messages } from './uk';

export const LOCALES = ['uk', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'hromada.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : 'uk';
  } catch {
    return 'uk';
  }
}

export function createAppI18n(locale: Locale = storedLocale()) {
  document.documentElement.lang = locale;
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'uk',
    messages: { uk, en },
  });
}

export const i18n = createAppI18n();

/** Switches the language and remembers it for the next visit. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice just isn't remembered
  }
}
