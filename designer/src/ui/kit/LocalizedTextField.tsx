// A text in both languages — a role's name, a form's description, a field's label — as two inputs,
// English then Chinese. The feature names the thing ("Name"); the kit says which language each
// input is for, and names the inputs `<name>-en` and `<name>-zh`.
import type { LocalizedText } from '#schemas/generated/index.ts';
import { useMessages } from '#designer/i18n/react.tsx';
import { TextField } from '../TextField.tsx';
import { TextAreaField } from './fields.tsx';
import { kitMessages } from './messages.ts';

export type { LocalizedText };

export const EMPTY_TEXT: LocalizedText = { en: '', 'zh-CN': '' };

/** Both languages without the spaces around them. */
export function trimText(text: LocalizedText): LocalizedText {
  return { en: text.en.trim(), 'zh-CN': text['zh-CN'].trim() };
}

export type LocalizedErrors = Partial<Record<keyof LocalizedText, string | undefined>>;

/** The server's problems with a text at `pointer` (`/name` → `/name`, `/name/en`, `/name/zh-CN`). */
export function errorsAt(fieldErrors: Record<string, string>, pointer: string): LocalizedErrors {
  return {
    en: fieldErrors[`${pointer}/en`] ?? fieldErrors[pointer],
    'zh-CN': fieldErrors[`${pointer}/zh-CN`] ?? fieldErrors[pointer],
  };
}

/**
 * Renders two fields side by side in whatever grid holds it. `error` is one problem with the text
 * as a whole: it shows at each empty language, or at the English one when neither is empty;
 * `errors` gives each language its own.
 */
export function LocalizedTextField({
  label,
  name,
  value,
  onChange,
  error,
  errors,
  hint,
  optional = false,
  required = false,
  rows,
  readOnly,
}: {
  label: string;
  name: string;
  value: LocalizedText;
  onChange(value: LocalizedText): void;
  error?: string | undefined;
  errors?: LocalizedErrors;
  hint?: string | undefined;
  /** Says "(English, optional)". */
  optional?: boolean;
  required?: boolean;
  /** A text area of this many rows instead of a one-line input. */
  rows?: number;
  readOnly?: boolean;
}) {
  const t = useMessages(kitMessages);
  const blank = { en: !value.en.trim(), 'zh-CN': !value['zh-CN'].trim() };
  const errorOf = (lang: keyof LocalizedText): string | undefined =>
    errors?.[lang] ?? (error && (blank[lang] || (lang === 'en' && !blank['zh-CN']) ? error : undefined));
  const languages = [
    { lang: 'en', suffix: 'en' },
    { lang: 'zh-CN', suffix: 'zh' },
  ] as const;
  return (
    <>
      {languages.map(({ lang, suffix }) => {
        const props = {
          label: t(optional ? `language.${lang}.optional` : `language.${lang}`, { label }),
          name: `${name}-${suffix}`,
          lang,
          value: value[lang],
          error: errorOf(lang),
          hint: lang === 'en' ? hint : undefined,
          required,
          readOnly,
        };
        return rows ? (
          <TextAreaField
            key={lang}
            {...props}
            rows={rows}
            onChange={(e) => onChange({ ...value, [lang]: e.target.value })}
          />
        ) : (
          <TextField key={lang} {...props} onChange={(e) => onChange({ ...value, [lang]: e.target.value })} />
        );
      })}
    </>
  );
}
