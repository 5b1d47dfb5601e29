// A text of the designer's catalog in both languages, for values the designer writes into the
// definition itself (a new field's label, a new option's label).
import { format } from '#designer/i18n/define.ts';
import { formDesignerMessages, type FormDesignerKey } from '../../messages.ts';
import type { LocalizedText } from '../../model/types.ts';

/** A text of the catalog in both languages (for values saved in the definition). */
export function bothLanguages(key: FormDesignerKey, params?: Record<string, string | number>): LocalizedText {
  return {
    en: format(formDesignerMessages.en[key], params),
    'zh-CN': format(formDesignerMessages['zh-CN'][key], params),
  };
}
