// The form designer: a palette of field kinds, the form as a list of field cards (drag, keyboard
// or buttons to reorder), the selected field's properties, a live preview rendered as employees
// see it, the raw JSON Schema / uiSchema, the form's settings and a comparison of versions.
// Drafts are saved with the draft revision (a stale save is refused); publishing shows the
// server's problems at the fields they concern. While editing, the server's publish-time check
// runs in the background, so problems show up before the analyst presses Publish.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PageProps } from '../shell/routes.ts';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Link } from '../shell/router.tsx';
import { Alert, Button, Icon, Page, Spinner, type IconName } from '../ui/index.ts';
import * as forms from './api.ts';
import { Canvas } from './editor/Canvas.tsx';
import { Changes } from './editor/Changes.tsx';
import { useDragAndDrop, type DragSource, type Slot } from './editor/drag.ts';
import { Palette } from './editor/Palette.tsx';
import { Preview } from './editor/Preview.tsx';
import { bothLanguages, PropertyPanel, type PanelProblem } from './editor/PropertyPanel.tsx';
import { RawJson } from './editor/RawJson.tsx';
import { Settings } from './editor/Settings.tsx';
import { StatusBadge } from './FormsPage.tsx';
import { formDesignerMessages } from './messages.ts';
import { fromDefinition } from './model/from-definition.ts';
import {
  canHold,
  createField,
  duplicateField,
  flatten,
  insertField,
  locate,
  moveField,
  removeField,
  settle,
  updateField,
} from './model/ops.ts';
import { problemPlace } from './model/pointers.ts';
import { toDefinition } from './model/to-definition.ts';
import type { DesignField, DesignForm, FieldKind, JsonObject } from './model/types.ts';
import './form-designer.css';

type Tab = 'design' | 'preview' | 'json' | 'settings' | 'changes';
const TABS: { id: Tab; icon: IconName }[] = [
  { id: 'design', icon: 'design' },
  { id: 'preview', icon: 'eye' },
  { id: 'json', icon: 'code' },
  { id: 'settings', icon: 'settings' },
  { id: 'changes', icon: 'diff' },
];

const CHECK_DELAY_MS = 600;

interface Loaded {
  form: DesignForm;
  rev: number;
  summary: forms.FormSummary;
  /** The definition as last saved (JSON), to know whether there are unsaved changes. */
  saved: string;
}

export default function FormEditorPage({ params }: PageProps) {
  const id = params.id!;
  const t = useMessages(formDesignerMessages);
  const { locale } = useLocale();
  const localized = useLocalized();
  const [state, setState] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [versions, setVersions] = useState<forms.FormVersion[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  // Phone: the properties are a sheet over the form; Done hides it, the field stays selected.
  const [sheetOpen, setSheetOpen] = useState(false);
  const select = useCallback((uid: string | null) => {
    setSelected(uid);
    setSheetOpen(uid !== null);
  }, []);
  const [tab, setTab] = useState<Tab>('design');
  const [problems, setProblems] = useState<forms.Problem[]>([]);
  const [publishFailed, setPublishFailed] = useState(false);
  const [notice, setNotice] = useState<{
    tone: 'success' | 'error';
    text: string;
    conflict?: boolean;
  } | null>(null);
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const draft = await forms.loadDraft(id);
      const form = fromDefinition(draft.definition);
      setState({
        form,
        rev: draft.summary.draftRev,
        summary: draft.summary,
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

  const form = state?.form;
  const definition = useMemo(() => (form ? toDefinition(form) : null), [form]);
  const json = useMemo(() => (definition ? JSON.stringify(definition) : ''), [definition]);
  const dirty = !!state && json !== state.saved;

  // The server's publish-time check, in the background while the analyst edits.
  useEffect(() => {
    if (!definition) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      forms
        .checkDefinition(definition, controller.signal)
        .then(setProblems)
        .catch(() => undefined); // a failed background check is not worth a message
    }, CHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [definition]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const setForm = useCallback((update: (form: DesignForm) => DesignForm) => {
    setState((s) => (s ? { ...s, form: update(s.form) } : s));
  }, []);

  // ---- problems at their fields ------------------------------------------------------------
  const placed = useMemo(() => {
    const byField = new Map<string, PanelProblem[]>();
    const byForm = new Map<string, string[]>();
    const elsewhere: string[] = [];
    if (!form || !definition) return { byField, byForm, elsewhere, count: 0 };
    const uidOf = new Map(flatten(form.fields).map((e) => [e.path, e.field.uid]));
    for (const p of problems) {
      const message = locale === 'zh-CN' ? (p.messageZh ?? p.message) : p.message;
      const place = problemPlace(p.path, definition);
      if (place.field) {
        let path = place.field;
        while (!uidOf.has(path) && path.includes('.')) path = path.slice(0, path.lastIndexOf('.'));
        const uid = uidOf.get(path);
        if (uid) {
          byField.set(uid, [...(byField.get(uid) ?? []), { prop: place.prop, message }]);
          continue;
        }
      }
      if (place.form) byForm.set(place.form, [...(byForm.get(place.form) ?? []), message]);
      else elsewhere.push(message);
    }
    return { byField, byForm, elsewhere, count: problems.length };
  }, [problems, form, definition, locale]);

  // ---- editing ------------------------------------------------------------------------------
  const labelText = (f: DesignField): string => f.label[locale] || f.label.en || f.key;

  const addField = (kind: FieldKind): void => {
    if (!form) return;
    const at = selected ? locate(form.fields, selected) : null;
    let container: DesignField | null = null;
    let index = form.fields.length;
    if (at && (at.field.kind === 'section' || at.field.kind === 'table') && canHold(at.field, kind)) {
      container = at.field;
      index = at.field.children?.length ?? 0;
    } else if (at && canHold(at.parent, kind)) {
      container = at.parent;
      index = at.index + 1;
    }
    const siblings = container ? (container.children ?? []) : form.fields;
    const field = createField(kind, siblings, bothLanguages(`kind.${kind}`), (n) =>
      bothLanguages('prop.newOption', { n }),
    );
    setForm((f) => insertField(f, container?.uid ?? null, index, field));
    select(field.uid);
    setAnnouncement(t('added', { label: labelText(field) }));
  };

  const { drag, begin, wasDrag } = useDragAndDrop({
    accepts(source: DragSource, container: string | null) {
      if (!form || container === null) return true;
      const target = locate(form.fields, container);
      if (!target || !canHold(target.field, source.kind)) return false;
      if (source.type === 'field') {
        if (source.uid === container) return false;
        const dragged = locate(form.fields, source.uid);
        if (dragged && locate(dragged.field.children ?? [], container)) return false;
      }
      return true;
    },
    onDrop(source: DragSource, slot: Slot) {
      if (!form) return;
      if (source.type === 'palette') {
        const siblings = slot.container
          ? (locate(form.fields, slot.container)?.field.children ?? [])
          : form.fields;
        const field = createField(source.kind, siblings, bothLanguages(`kind.${source.kind}`), (n) =>
          bothLanguages('prop.newOption', { n }),
        );
        setForm((f) => insertField(f, slot.container, slot.index, field));
        select(field.uid);
        setAnnouncement(t('added', { label: labelText(field) }));
      } else {
        setForm((f) => moveField(f, source.uid, slot.container, slot.index));
        setSelected(source.uid);
      }
    },
  });

  const move = (uid: string, delta: -1 | 1): void => {
    if (!form) return;
    const at = locate(form.fields, uid);
    if (!at) return;
    const target = at.index + (delta > 0 ? 2 : -1);
    if (target < 0 || target > at.siblings.length) return;
    setForm((f) => moveField(f, uid, at.parent?.uid ?? null, target));
    const n = at.index + delta + 1;
    setAnnouncement(t('moved', { label: labelText(at.field), n, total: at.siblings.length }));
    // Keep the keyboard focus on the moved card's handle.
    requestAnimationFrame(() =>
      document
        .querySelector<HTMLElement>(`[data-field="${CSS.escape(at.field.key)}"] .f-fcard__main`)
        ?.focus(),
    );
  };

  const remove = (uid: string): void => {
    if (!form) return;
    const at = locate(form.fields, uid);
    if (!at) return;
    setForm((f) => removeField(f, uid));
    select(null);
    setAnnouncement(t('removed', { label: labelText(at.field) }));
  };

  const duplicate = (uid: string): void => {
    if (!form) return;
    const at = locate(form.fields, uid);
    if (!at) return;
    const copy = duplicateField(at.field, at.siblings);
    setForm((f) => insertField(f, at.parent?.uid ?? null, at.index + 1, copy));
    select(copy.uid);
  };

  const addColumn = (tableUid: string): void => {
    if (!form) return;
    const table = locate(form.fields, tableUid);
    if (!table) return;
    const field = createField('text', table.field.children ?? [], bothLanguages('kind.text'));
    setForm((f) => insertField(f, tableUid, table.field.children?.length ?? 0, field));
    select(field.uid);
  };

  const applyRaw = useCallback((schema: JsonObject, uiSchema: JsonObject) => {
    setState((s) => {
      if (!s) return s;
      const current = toDefinition(s.form);
      return { ...s, form: fromDefinition({ ...current, schema, uiSchema }) };
    });
  }, []);

  // ---- saving and publishing ----------------------------------------------------------------
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

  const save = async (): Promise<number | null> => {
    if (!state || !definition) return null;
    setBusy('save');
    try {
      const summary = await forms.saveDraft(definition, state.rev);
      setState((s) => (s ? { ...s, rev: summary.draftRev, summary, saved: JSON.stringify(definition) } : s));
      setNotice({ tone: 'success', text: t('saved') });
      return summary.draftRev;
    } catch (e) {
      showError(e);
      return null;
    } finally {
      setBusy(null);
    }
  };

  const doPublish = async (): Promise<void> => {
    if (!state) return;
    const rev = dirty ? await save() : state.rev;
    if (rev === null) return;
    setBusy('publish');
    setPublishFailed(false);
    try {
      const result = await forms.publish(id, rev);
      const draft = await forms.loadDraft(id);
      setState((s) =>
        s ? { ...s, form: settle(s.form), rev: draft.summary.draftRev, summary: draft.summary } : s,
      );
      setVersions(await forms.listVersions(id));
      const n = result.version.version;
      setNotice({
        tone: 'success',
        text: result.created ? t('published', { n }) : t('publishedSame', { n }),
      });
      setProblems([]);
    } catch (e) {
      const error = asApiError(e);
      if (error.status === 422) {
        setPublishFailed(true);
        setProblems(error.details as forms.Problem[]);
        setNotice({ tone: 'error', text: t('notPublishable', { n: error.details.length }) });
        setTab((current) => (current === 'preview' || current === 'changes' ? 'design' : current));
      } else showError(e);
    } finally {
      setBusy(null);
    }
  };

  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // ---- rendering ----------------------------------------------------------------------------
  if (loadError)
    return (
      <Page title={t('title')}>
        <Alert tone="error">
          {t('loadFailed')} {loadError.text(locale)}
        </Alert>
        <Link to="/design/forms">{t('back')}</Link>
      </Page>
    );
  if (!state || !form || !definition) return <Spinner label={t('loading')} />;

  const located = selected ? locate(form.fields, selected) : null;
  const summary = state.summary;
  const versionText = summary.latestVersion > 0 ? t('version', { n: summary.latestVersion }) : t('noVersion');
  const fieldProblemTexts = new Map(
    [...placed.byField].map(([uid, list]) => [uid, list.map((p) => p.message)]),
  );

  return (
    <Page
      title={localized(form.name) || form.id}
      intro={
        <span className="f-editor__intro">
          <Link to="/design/forms" className="f-editor__back">
            <Icon name="up" size={16} className="f-editor__back-icon" />
            {t('back')}
          </Link>
          <StatusBadge status={summary.status} />
          <span>{versionText}</span>
          <span className={`f-editor__saved${dirty ? ' f-editor__saved--dirty' : ''}`}>
            {dirty ? t('unsaved') : t('allSaved')}
          </span>
        </span>
      }
      actions={
        <>
          <Button
            icon="save"
            busy={busy === 'save'}
            disabled={!!busy}
            onClick={() => void save()}
            data-action="save"
          >
            {busy === 'save' ? t('saving') : t('save')}
          </Button>
          <Button
            variant="primary"
            icon="send"
            busy={busy === 'publish'}
            disabled={!!busy}
            onClick={() => void doPublish()}
            data-action="publish"
          >
            {busy === 'publish' ? t('publishing') : t('publish')}
          </Button>
        </>
      }
    >
      {notice && (
        <Alert tone={notice.tone}>
          {notice.text}{' '}
          {notice.conflict && (
            <Button variant="ghost" onClick={() => void load()}>
              {t('reload')}
            </Button>
          )}
        </Alert>
      )}
      {publishFailed && (placed.elsewhere.length > 0 || placed.byForm.size > 0) && (
        <Alert tone="error">
          <ul className="f-problems">
            {[...placed.byForm.values()].flat().map((m, i) => (
              <li key={`f${i}`}>{t('formProblem', { message: m })}</li>
            ))}
            {placed.elsewhere.map((m, i) => (
              <li key={`e${i}`}>{m}</li>
            ))}
          </ul>
        </Alert>
      )}
      <p className={`f-editor__check${placed.count ? ' f-editor__check--problems' : ''}`} role="status">
        <Icon name={placed.count ? 'alert' : 'check'} size={16} />
        {placed.count ? t('checkProblems', { n: placed.count }) : t('checkOk')}
      </p>
      <div className="f-editor__tabs" role="tablist" aria-label={t('tabs')}>
        {TABS.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`f-tab-${item.id}`}
            aria-selected={tab === item.id}
            aria-controls={`f-panel-${item.id}`}
            className="f-editor__tab"
            onClick={() => setTab(item.id)}
          >
            <Icon name={item.icon} size={18} />
            <span>{t(`tab.${item.id}`)}</span>
            {item.id === 'settings' && placed.byForm.size > 0 && (
              <span className="f-dot" aria-hidden="true" />
            )}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`f-panel-${tab}`} aria-labelledby={`f-tab-${tab}`} className="f-editor__panel">
        {tab === 'design' && (
          <div
            className={`f-designer${located ? ' f-designer--selected' : ''}${sheetOpen ? '' : ' f-designer--sheet-closed'}`}
          >
            <Palette onAdd={addField} onDragStart={begin} wasDrag={wasDrag} />
            <Canvas
              fields={form.fields}
              selected={selected}
              problems={fieldProblemTexts}
              drag={drag}
              onSelect={select}
              onMove={move}
              onDuplicate={duplicate}
              onRemove={remove}
              onAddColumn={addColumn}
              onDragStart={begin}
            />
            <PropertyPanel
              form={form}
              located={located}
              problems={located ? (placed.byField.get(located.field.uid) ?? []) : []}
              onChange={(patch) => selected && setForm((f) => updateField(f, selected, patch))}
              onMoveTo={(container) => {
                if (!selected) return;
                const target = container ? locate(form.fields, container)?.field : null;
                setForm((f) =>
                  moveField(
                    f,
                    selected,
                    container,
                    target ? (target.children?.length ?? 0) : f.fields.length,
                  ),
                );
              }}
              onClose={() => setSheetOpen(false)}
            />
          </div>
        )}
        {tab === 'preview' && <Preview definition={definition} />}
        {tab === 'json' && <RawJson definition={definition} problems={problems} onApply={applyRaw} />}
        {tab === 'settings' && (
          <Settings
            form={form}
            problems={placed.byForm}
            onChange={(patch) => setForm((f) => clean({ ...f, ...patch }))}
          />
        )}
        {tab === 'changes' && <Changes formId={id} draft={form} versions={versions} />}
      </div>
      {drag && (
        <div className="f-drag-ghost" style={{ left: drag.x, top: drag.y }} aria-hidden="true">
          {drag.source.label}
        </div>
      )}
      <p className="f-visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </Page>
  );
}

function clean(form: DesignForm): DesignForm {
  for (const key of Object.keys(form) as (keyof DesignForm)[]) if (form[key] === undefined) delete form[key];
  return form;
}
