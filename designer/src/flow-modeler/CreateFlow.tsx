// A new flow: its name in both languages (English → `name`, Chinese → `forma:nameZh`), an optional module and its process id (suggested from both until the
// analyst types one). The modeler opens with the template of an approval; nothing is saved until
// the analyst deploys. An id is never shared silently: the suggestion skips the ids of deployed
// flows and of drafts kept in this browser (a name in Chinese gives no letters to suggest from, so
// it used to come out as the bare module — the id of a flow that already existed), and an id typed
// by hand that is taken is refused, with a link to the flow that has it.
import { useState, type FormEvent } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { navigate } from '#designer/shell/router.tsx';
import { Button, TextField } from '#designer/ui/index.ts';
import { EMPTY_TEXT, FormCard, LocalizedTextField, trimText } from '#designer/ui/kit/index.ts';
import { localDraftIds } from './editor/local-draft.ts';
import { stashNewFlow } from './handoff.ts';
import { flowModelerMessages } from './messages.ts';
import { suggestProcessId } from './model/template.ts';

const PROCESS_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;

const openFlow = (processId: string): void => navigate(`/design/flows/${encodeURIComponent(processId)}`);

export function CreateFlow({ taken, onCancel }: { taken: string[]; onCancel(): void }) {
  const t = useMessages(flowModelerMessages);
  const [name, setName] = useState(EMPTY_TEXT);
  const [module, setModule] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [existing, setExisting] = useState<string | null>(null);
  const [takenIds] = useState(() => new Set([...taken, ...localDraftIds()]));
  const processId = idTouched
    ? id.trim()
    : name.en.trim() || name['zh-CN'].trim()
      ? suggestProcessId(module.trim(), name.en, takenIds)
      : '';

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const names = trimText(name);
    // Both, as everywhere an analyst names something: a Chinese reader sees the Chinese one.
    if (!names.en) found.nameEn = t('create.missing');
    if (!names['zh-CN']) found.nameZh = t('create.missing');
    if (!processId) found.id = t('create.missing');
    else if (!PROCESS_ID.test(processId)) found.id = t('create.badId');
    else if (takenIds.has(processId)) found.id = t('create.taken', { id: processId });
    setErrors(found);
    setExisting(found.id && takenIds.has(processId) ? processId : null);
    if (Object.keys(found).length) return;
    stashNewFlow(processId, names.en, names['zh-CN']);
    openFlow(processId);
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
        name="flow-name"
        value={name}
        errors={{ en: errors.nameEn, 'zh-CN': errors.nameZh }}
        required
        onChange={setName}
      />
      <TextField
        label={t('create.module')}
        hint={t('create.moduleHint')}
        name="flow-module"
        value={module}
        autoCapitalize="off"
        onChange={(e) => setModule(e.target.value)}
      />
      <TextField
        label={t('create.id')}
        hint={t('create.idHint')}
        name="flow-id"
        value={processId}
        error={errors.id}
        autoCapitalize="off"
        onChange={(e) => {
          setIdTouched(true);
          setId(e.target.value);
          setExisting(null);
        }}
      />
      {existing && (
        <Button variant="ghost" icon="forward" data-action="open-existing" onClick={() => openFlow(existing)}>
          {t('create.openExisting', { id: existing })}
        </Button>
      )}
    </FormCard>
  );
}
