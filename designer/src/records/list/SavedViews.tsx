// My saved views of a document type: choose one (the standard view is the definition's), save the
// current filter, search, sort, columns and screen under a name, update or delete the chosen one.
// They are mine alone: the API keeps them per person.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useLocale, useMessages } from '../../i18n/react.tsx';
import { Alert, Button, Icon, TextField, useLoad } from '../../ui/index.ts';
import { ConfirmDialog, Dialog, SelectField } from '../../ui/kit/index.ts';
import { asApiError, type ApiError } from '../../api/errors.ts';
import type { SavedView } from '../data.ts';
import { recordsMessages } from '../messages.ts';
import { savedBody, stateOfSaved, type ListState } from './query.ts';

export function SavedViews({
  form,
  state,
  onChoose,
}: {
  form: string;
  state: ListState;
  /** A saved view chosen (null: the standard view). */
  onChoose: (state: ListState | null) => void;
}) {
  const t = useMessages(recordsMessages);
  const { locale } = useLocale();
  const views = useLoad((signal) => api.get('/api/saved-views', { query: { form }, signal }), [form]);
  const [dialog, setDialog] = useState<'save' | 'delete' | null>(null);
  const [name, setName] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const items: SavedView[] = views.data?.items ?? [];
  const current = items.find((v) => v.id === state.saved);

  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const save = async (asNew: boolean) => {
    const body = savedBody(state, asNew ? name.trim() : (current?.name ?? name.trim()));
    setBusy(true);
    setError(null);
    try {
      const saved =
        !asNew && current
          ? await api.put('/api/saved-views/{id}', {
              path: { id: current.id },
              body: { ...body, rev: current.rev },
            })
          : await api.post('/api/saved-views', { body: { form, ...body } });
      setDialog(null);
      setNotice(t('saved.saved', { name: saved.name }));
      views.reload();
      onChoose(stateOfSaved(saved));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!current) return;
    await api.delete('/api/saved-views/{id}', { path: { id: current.id } });
    setDialog(null);
    views.reload();
    onChoose(null);
  };

  return (
    <div className="fr-saved">
      <SelectField
        label={t('saved.choose')}
        className="fr-saved__select"
        name="saved-view"
        value={state.saved ?? ''}
        onChange={(e) => {
          const chosen = items.find((v) => v.id === e.target.value);
          setNotice(null);
          onChoose(chosen ? stateOfSaved(chosen) : null);
        }}
      >
        <option value="">{t('saved.default')}</option>
        {items.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </SelectField>
      <Button
        variant="secondary"
        data-action="save-view"
        onClick={() => {
          setName('');
          setError(null);
          setDialog('save');
        }}
      >
        <Icon name="save" size={18} />
        {t('saved.save')}
      </Button>
      {current && (
        <Button variant="ghost" data-action="delete-view" onClick={() => setDialog('delete')}>
          <Icon name="trash" size={18} />
          <span className="f-visually-hidden">{t('saved.delete')}</span>
        </Button>
      )}
      {notice && (
        <p className="fr-saved__notice" role="status">
          {notice}
        </p>
      )}
      {dialog === 'save' && (
        <Dialog
          title={t('saved.saveAs')}
          onClose={() => setDialog(null)}
          size="small"
          sheet
          busy={busy}
          data={{ dialog: 'save-view' }}
          onSubmit={(e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            void save(true);
          }}
          footer={
            <>
              {current && (
                <Button variant="secondary" disabled={busy} onClick={() => void save(false)}>
                  {t('saved.update', { name: current.name })}
                </Button>
              )}
              <Button type="submit" variant="primary" disabled={busy || !name.trim()}>
                {t('saved.save')}
              </Button>
            </>
          }
        >
          {error && <Alert tone="error">{error.text(locale)}</Alert>}
          <TextField
            label={t('saved.name')}
            name="view-name"
            maxLength={60}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Dialog>
      )}
      {dialog === 'delete' && current && (
        <ConfirmDialog
          title={t('saved.delete')}
          confirmLabel={t('saved.delete')}
          variant="danger"
          onConfirm={remove}
          onClose={() => setDialog(null)}
        >
          {t('saved.deleteConfirm', { name: current.name })}
        </ConfirmDialog>
      )}
    </div>
  );
}
