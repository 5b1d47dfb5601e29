// The current language for the whole app. The choice is kept in localStorage (so the login page
// speaks it too); once signed in, the user's own setting on the server wins and changes are saved
// there (shell/session.tsx), so it follows the user to any device.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LOCALES, preferredLocale, translator, type Catalog, type Locale, type Translate } from './define.ts';

const STORAGE_KEY = 'forma.locale';

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleState | null>(null);

/** The language the app starts in (before the signed-in user's own setting is known). */
export function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (LOCALES as string[]).includes(stored)) return stored as Locale;
  } catch {
    // Storage may be disabled (private mode): fall back to the browser's languages.
  }
  return preferredLocale(navigator.languages ?? [navigator.language]);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    setState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted locally; the server-side setting still applies after login.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error('useLocale outside I18nProvider');
  return state;
}

/** The translate function of a catalog in the current language. */
export function useMessages<K extends string>(catalog: Catalog<K>): Translate<K> {
  const { locale } = useLocale();
  return useMemo(() => translator(catalog, locale), [catalog, locale]);
}

/** Picks the current language's text of a `{ en, zh-CN }` value from the API. */
export function useLocalized(): (text: { en: string; 'zh-CN': string } | undefined) => string {
  const { locale } = useLocale();
  return useCallback((text) => (text ? text[locale] || text.en : ''), [locale]);
}

/** Renders `children` in another language than the app's (a preview "as a Chinese reader sees it"). */
export function WithLocale({ locale, children }: { locale: Locale; children: ReactNode }) {
  const outer = useLocale();
  const value = useMemo(() => ({ locale, setLocale: outer.setLocale }), [locale, outer.setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}
