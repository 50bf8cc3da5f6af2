import { createI18n } from 'vue-i18n';
import en from './en';
import { ukrainianPlural } from './plural';
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

const MESSAGES = { uk, en };

/** The page's language and title follow the console's: a screen reader and the tab both say it in that language. */
function markDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.title = MESSAGES[locale].app.name;
}

export function createAppI18n(locale: Locale = storedLocale()) {
  markDocument(locale);
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'uk',
    messages: MESSAGES,
    pluralRules: { uk: ukrainianPlural },
  });
}

export const i18n = createAppI18n();

/** Switches the language and remembers it for the next visit. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  markDocument(locale);
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice just isn't remembered
  }
}
