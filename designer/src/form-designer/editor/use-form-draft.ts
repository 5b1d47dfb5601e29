// A form's draft in the editor: loaded from the server into the designer's model, the definition it
// makes, whether it differs from the last save, the server's publish check in the background, and
// saving (with the draft's revision: a stale save is refused) and publishing (its problems kept to
// be shown at their fields).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { asApiError, type ApiError } from '#designer/api/errors.ts';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { useDebouncedCheck, useSaveShortcut, useUnsavedWarning } from '#designer/ui/kit/index.ts';
import * as forms from '../api.ts';
import { formDesignerMessages } from '../messages.ts';
import { fromDefinition } from '../model/from-definition.ts';
import { settle } from '../model/ops.ts';
import { toDefinition } from '../model/to-definition.ts';
import type { DesignForm, JsonObject } from '../model/types.ts';

const CHECK_DELAY_MS = 600;

interface Draft {
  form: DesignForm;
  rev: number;
  summary: forms.FormSummary;
  /** The definition as last saved (JSON), to know whether there are unsaved changes. */
  saved: string;
}

export interface Notice {
  tone: 'success' | 'error';
  text: string;
  /** Someone else saved meanwhile: offer to load their version. */
  conflict?: boolean;
}

export function useFormDraft(id: string) {
  const t = useMessages(formDesignerMessages);
  const { locale } = useLocale();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [versions, setVersions] = useState<forms.FormVersion[] | null>(null);
  const [problems, setProblems] = useState<forms.Problem[]>([]);
  const [publishFailed, setPublishFailed] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const loaded = await forms.loadDraft(id);
      const form = fromDefinition(loaded.definition);
      setDraft({
        form,
        rev: loaded.summary.draftRev,
        summary: loaded.summary,
        saved: JSON.stringify(toDefinition(form)),
      });
      setNotice(null);
      setVersions(await forms.listVersions(id));
    } catch (e) {
      setLoadError(asApiError(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const form = draft?.form;
  const definition = useMemo(() => (form ? toDefinition(form) : null), [form]);
  const dirty = !!draft && !!definition && JSON.stringify(definition) !== draft.saved;
  useUnsavedWarning(dirty);

  // The server's publish-time check, in the background while the analyst edits.
  useDebouncedCheck(
    async (signal) => {
      if (definition) setProblems(await forms.checkDefinition(definition, signal));
    },
    [definition],
    CHECK_DELAY_MS,
    !!definition,
  );

  const setForm = useCallback((update: (form: DesignForm) => DesignForm) => {
    setDraft((d) => (d ? { ...d, form: update(d.form) } : d));
  }, []);

  /** The JSON view's schema and uiSchema, read back into the model. */
  const applyRaw = useCallback((schema: JsonObject, uiSchema: JsonObject) => {
    setDraft((d) => (d ? { ...d, form: fromDefinition({ ...toDefinition(d.form), schema, uiSchema }) } : d));
  }, []);

  const showError = (e: unknown): void => {
    const error = asApiError(e);
    if (error.status === 409) setNotice({ tone: 'error', text: t('conflict'), conflict: true });
    else setNotice({ tone: 'error', text: error.text(locale) });
    // A refused request body names /body/definition/…: the same places as the publish check's.
    if (error.details.length)
      setProblems(
        error.details.map((d) => ({
          ...d,
          path: d.path.replace(/^\/body/, '').replace(/^\/definition/, ''),
        })) as forms.Problem[],
      );
  };

  /** Saves the draft; the new revision, or null when it was refused. */
  const save = async (): Promise<number | null> => {
    if (!draft || !definition) return null;
    setBusy('save');
    try {
      const summary = await forms.saveDraft(definition, draft.rev);
      setDraft((d) => (d ? { ...d, rev: summary.draftRev, summary, saved: JSON.stringify(definition) } : d));
      setNotice({ tone: 'success', text: t('saved') });
      return summary.draftRev;
    } catch (e) {
      showError(e);
      return null;
    } finally {
      setBusy(null);
    }
  };
  useSaveShortcut(() => void save());

  /** Saves what is unsaved, then publishes; false when the server found problems. */
  const publish = async (): Promise<boolean> => {
    if (!draft) return true;
    const rev = dirty ? await save() : draft.rev;
    if (rev === null) return true;
    setBusy('publish');
    setPublishFailed(false);
    try {
      const result = await forms.publish(id, rev);
      const loaded = await forms.loadDraft(id);
      setDraft((d) =>
        d ? { ...d, form: settle(d.form), rev: loaded.summary.draftRev, summary: loaded.summary } : d,
      );
      setVersions(await forms.listVersions(id));
      const n = result.version.version;
      setNotice({
        tone: 'success',
        text: result.created ? t('published', { n }) : t('publishedSame', { n }),
      });
      setProblems([]);
      return true;
    } catch (e) {
      const error = asApiError(e);
      if (error.status !== 422) {
        showError(e);
        return true;
      }
      setPublishFailed(true);
      setProblems(error.details as forms.Problem[]);
      setNotice({ tone: 'error', text: t('notPublishable', { n: error.details.length }) });
      return false;
    } finally {
      setBusy(null);
    }
  };

  return {
    draft,
    form,
    definition,
    dirty,
    loadError,
    versions,
    problems,
    publishFailed,
    notice,
    busy,
    load,
    setForm,
    applyRaw,
    save,
    publish,
  };
}
