// Message catalogs: every feature folder declares its own labels in both languages with
// `defineMessages` (in a `messages.ts` next to its components), so a lazy chunk carries its own
// strings and engineers never fight over one giant file. The types make a missing or extra
// zh-CN key a compile error; tests/designer/i18n.test.ts checks placeholders and untranslated
// text, and fails on English literals written straight into components.
//
//   export const messages = defineMessages({
//     en: { title: 'Inbox', greeting: 'Hello, {name}' },
//     'zh-CN': { title: '待办', greeting: '你好，{name}' },
//   });
//   const t = useMessages(messages);   // in a component (i18n/react.tsx)
//   t('greeting', { name: user.displayName });
import type { Locale } from '#schemas/generated/index.ts';

export type { Locale };
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

export type Texts = Record<string, string>;

export interface Catalog<K extends string> {
  readonly en: Readonly<Record<K, string>>;
  readonly 'zh-CN': Readonly<Record<K, string>>;
  /** Keys whose zh-CN text is deliberately the same as the English one (names, codes). */
  readonly same: readonly K[];
}

export type Params = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

export function defineMessages<const E extends Texts>(
  texts: { en: E; 'zh-CN': { [K in keyof E]: string } },
  options: { same?: readonly (keyof E & string)[] } = {},
): Catalog<keyof E & string> {
  return { en: texts.en, 'zh-CN': texts['zh-CN'], same: options.same ?? [] };
}

/**
 * The catalogue of a library's own interface texts (bpmn-js, dmn-js): its keys are the English
 * texts the library passes to its `translate` service, so only the Chinese ones are written.
 */
export function defineLibraryTexts<const Z extends Texts>(
  zh: Z,
  options: { same?: readonly (keyof Z & string)[] } = {},
): Catalog<keyof Z & string> {
  const en = Object.fromEntries(Object.keys(zh).map((k) => [k, k])) as { [K in keyof Z]: K & string };
  return defineMessages<typeof en>({ en, 'zh-CN': zh }, options);
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholders of a text, sorted (both languages must use the same ones). */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).sort();
}

export function format(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

export function translator<K extends string>(catalog: Catalog<K>, locale: Locale): Translate<K> {
  const texts = catalog[locale];
  return (key, params) => format(texts[key] ?? catalog.en[key] ?? key, params);
}

/** The locale a browser asks for, when the user has not chosen one yet. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    if (/^zh\b/i.test(lang)) return 'zh-CN';
    if (/^en\b/i.test(lang)) return 'en';
  }
  return 'en';
}
