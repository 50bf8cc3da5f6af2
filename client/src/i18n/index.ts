import { createI18n } from 'vue-i18n';
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

/**
 * Ukrainian is always there (it is the fallback); another language is fetched when it is chosen, so the agent's
 * first load carries one language's messages, not every language's (every feature adds to both).
 */
const loaded: Partial<Record<Locale, Messages>> = { uk };
const loaders: Record<Exclude<Locale, 'uk'>, () => Promise<{ default: Messages }>> = { en: () => import('./en') };

/** The page's language and title follow the console's: a screen reader and the tab both say it in that language. */
function markDocument(locale: Locale): void {
  if (typeof document === 'undefined') return; // a test without a DOM
  document.documentElement.lang = locale;
  document.title = (loaded[locale] ?? uk).app.name;
}

export function createAppI18n(locale: Locale = storedLocale()) {
  markDocument(locale);
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'uk',
    messages: loaded as Record<Locale, Messages>,
    pluralRules: { uk: ukrainianPlural },
  });
}

export const i18n = createAppI18n();

/** Makes a language's messages available to every instance made from now on and to the console's own. */
export function registerLocaleMessages(locale: Locale, messages: Messages): void {
  loaded[locale] = messages;
  i18n.global.setLocaleMessage(locale, messages);
}

/** Fetches a language's messages once (Ukrainian is built in). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (loaded[locale] || locale === 'uk') return;
  registerLocaleMessages(locale, (await loaders[locale]()).default);
}

/** Switches the language and remembers it for the next visit. */
export async function setLocale(locale: Locale): Promise<void> {
  await loadLocale(locale);
  i18n.global.locale.value = locale;
  markDocument(locale);
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice just isn't remembered
  }
}
