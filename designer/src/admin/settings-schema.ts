// The settings form of a module in the reader's language: the module's labels (settingsLabels,
// en + zh-CN) become each setting's title and help; older modules that wrote a title as
// "Currency / 本位币" show the half of the reader's language.
import type { Locale } from '../i18n/define.ts';

type Text = { en: string; 'zh-CN': string };
export type SettingsLabels = Record<string, { title: Text; description?: Text }>;

/** "Currency / 本位币" → the part in `locale` (the whole text when it is not written that way). */
export function localizeSchema(schema: unknown, locale: Locale): unknown {
  if (Array.isArray(schema)) return schema.map((s) => localizeSchema(s, locale));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'title' || key === 'description') && typeof value === 'string' && value.includes(' / ')) {
      const [en, ...zh] = value.split(' / ');
      out[key] = locale === 'zh-CN' ? zh.join(' / ') : en;
    } else out[key] = localizeSchema(value, locale);
  }
  return out;
}

/** The settings schema with every labelled setting's title and description in `locale`. */
export function labelledSettingsSchema(
  schema: Record<string, unknown>,
  labels: SettingsLabels | undefined,
  locale: Locale,
): Record<string, unknown> {
  const localized = localizeSchema(schema, locale) as Record<string, unknown>;
  const properties = (localized.properties ?? {}) as Record<string, Record<string, unknown>>;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    const label = labels?.[name];
    out[name] = label
      ? {
          ...property,
          title: label.title[locale],
          ...(label.description ? { description: label.description[locale] } : {}),
        }
      : property;
  }
  return { ...localized, properties: out };
}
