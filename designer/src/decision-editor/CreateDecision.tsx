// A new decision table: its name in both languages (English → `name`, Chinese → `forma:nameZh`, as
// a new flow) and its decision id (suggested from the English name until the analyst types one). The editor opens with a one-rule table; nothing is saved until the analyst deploys.
import { useState, type FormEvent } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { navigate } from '#designer/shell/router.tsx';
import { TextField } from '#designer/ui/index.ts';
import { EMPTY_TEXT, FormCard, LocalizedTextField, trimText } from '#designer/ui/kit/index.ts';
import { stashNewDecision } from './handoff.ts';
import { decisionMessages } from './messages.ts';

const DECISION_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;

/** A decision id from a name: lower case words joined by "-" (letters and digits kept). */
export function decisionIdFrom(name: string): string {
  const words = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const id = words.join('-');
  return id && /^[a-z]/.test(id) ? id : id ? `decision-${id}` : '';
}

export function CreateDecision({ taken, onCancel }: { taken: string[]; onCancel(): void }) {
  const t = useMessages(decisionMessages);
  const [name, setName] = useState(EMPTY_TEXT);
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const decisionId = idTouched ? id : decisionIdFrom(name.en);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const names = trimText(name);
    // Both, as everywhere an analyst names something: a Chinese reader sees the Chinese one.
    if (!names.en) found.nameEn = t('create.missing');
    if (!names['zh-CN']) found.nameZh = t('create.missing');
    if (!decisionId) found.id = t('create.missing');
    else if (!DECISION_ID.test(decisionId)) found.id = t('create.badId');
    setErrors(found);
    if (Object.keys(found).length) return;
    if (!taken.includes(decisionId)) stashNewDecision(decisionId, names.en, names['zh-CN']);
    navigate(`/design/decisions/${encodeURIComponent(decisionId)}`);
  };

  return (
    <FormCard
      title={t('create.title')}
      onSubmit={submit}
      submitLabel={t('create.submit')}
      cancelLabel={t('create.cancel')}
      onCancel={onCancel}
    >
      <LocalizedTextField
        label={t('create.name')}
        name="decision-name"
        value={name}
        errors={{ en: errors.nameEn, 'zh-CN': errors.nameZh }}
        required
        onChange={setName}
      />
      <TextField
        label={t('create.id')}
        hint={t('create.idHint')}
        name="decision-id"
        value={decisionId}
        error={errors.id}
        autoCapitalize="off"
        onChange={(e) => {
          setIdTouched(true);
          setId(e.target.value);
        }}
      />
    </FormCard>
  );
}
