import { useState } from 'react';
import { LOCALES } from '../i18n/define.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { shellMessages } from './messages.ts';
import { useSession } from './session.tsx';

/** en / 中文 toggle; for a signed-in user the choice is saved on the server (their profile). */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const t = useMessages(shellMessages);
  const { locale } = useLocale();
  const session = useSession();
  const [saving, setSaving] = useState(false);
  return (
    <div className="f-lang" role="group" aria-label={t('language')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="f-lang__option"
          aria-pressed={l === locale}
          disabled={saving}
          title={t(`language.${l}`)}
          onClick={() => {
            if (l === locale) return;
            setSaving(true);
            // A failed save keeps the new language for this visit; the next start shows the saved one.
            session
              .changeLocale(l)
              .catch(() => undefined)
              .finally(() => setSaving(false));
          }}
        >
          {compact ? t(`language.short.${l}`) : t(`language.${l}`)}
        </button>
      ))}
    </div>
  );
}
