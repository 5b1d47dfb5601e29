// A new flow: its name, an optional module and its process id (suggested from both until the
// analyst types one). The modeler opens with the template of an approval; nothing is saved until
// the analyst deploys.
import { useState, type FormEvent } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { navigate } from '#designer/shell/router.tsx';
import { TextField } from '#designer/ui/index.ts';
import { FormCard } from '#designer/ui/kit/index.ts';
import { stashNewFlow } from './handoff.ts';
import { flowModelerMessages } from './messages.ts';
import { processIdFrom } from './model/template.ts';

const PROCESS_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;

export function CreateFlow({ taken, onCancel }: { taken: string[]; onCancel(): void }) {
  const t = useMessages(flowModelerMessages);
  const [name, setName] = useState('');
  const [module, setModule] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const processId = idTouched ? id : name.trim() ? processIdFrom(module.trim(), name) : '';

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('create.missing');
    if (!processId) found.id = t('create.missing');
    else if (!PROCESS_ID.test(processId)) found.id = t('create.badId');
    setErrors(found);
    if (Object.keys(found).length) return;
    if (!taken.includes(processId)) stashNewFlow(processId, name.trim());
    navigate(`/design/flows/${encodeURIComponent(processId)}`);
  };

  return (
    <FormCard
      title={t('create.title')}
      onSubmit={submit}
      submitLabel={t('create.submit')}
      cancelLabel={t('create.cancel')}
      onCancel={onCancel}
    >
      <TextField
        label={t('create.name')}
        name="flow-name"
        value={name}
        error={errors.name}
        onChange={(e) => setName(e.target.value)}
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
        }}
      />
    </FormCard>
  );
}
