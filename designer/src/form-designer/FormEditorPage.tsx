// The form designer: a palette of field kinds, the form as a list of field cards (drag, keyboard
// or buttons to reorder), the selected field's properties, a live preview rendered as employees
// see it, the raw JSON Schema / uiSchema, the form's settings and a comparison of versions.
// Drafts are saved with the draft revision (a stale save is refused); publishing shows the
// server's problems at the fields they concern. While editing, the server's publish-time check
// runs in the background, so problems show up before the analyst presses Publish.
import { useState } from 'react';
import type { PageProps } from '#designer/shell/routes.ts';
import { useLocale, useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Link } from '#designer/shell/router.tsx';
import { Alert, Button, Icon, Page, Spinner } from '#designer/ui/index.ts';
import { EditorIntro, TabPanel, Tabs, type TabItem } from '#designer/ui/kit/index.ts';
import { Canvas } from './editor/Canvas.tsx';
import { Changes } from './editor/Changes.tsx';
import { Palette } from './editor/Palette.tsx';
import { Preview } from './editor/Preview.tsx';
import { PropertyPanel } from './editor/properties/PropertyPanel.tsx';
import { RawJson } from './editor/RawJson.tsx';
import { Rules } from './editor/Rules.tsx';
import { Settings } from './editor/Settings.tsx';
import { useFieldCommands } from './editor/use-field-commands.ts';
import { useFormDraft } from './editor/use-form-draft.ts';
import { usePlacedProblems } from './editor/use-placed-problems.ts';
import { FormStatusBadge } from './FormStatusBadge.tsx';
import { formDesignerMessages } from './messages.ts';
import { locate } from './model/ops.ts';
import type { DesignForm } from './model/types.ts';
import './editor/editor.css';

type Tab = 'design' | 'preview' | 'rules' | 'json' | 'settings' | 'changes';

export default function FormEditorPage({ params }: PageProps) {
  const id = params.id!;
  const t = useMessages(formDesignerMessages);
  const { locale } = useLocale();
  const localized = useLocalized();
  const draft = useFormDraft(id);
  const { form, definition, setForm } = draft;
  const fields = useFieldCommands(form, setForm);
  const placed = usePlacedProblems(draft.problems, form, definition);
  const [tab, setTab] = useState<Tab>('design');

  const publish = async (): Promise<void> => {
    // Refused: the problems are at the fields, so leave the views that do not show them.
    if (!(await draft.publish()))
      setTab((current) => (current === 'preview' || current === 'changes' ? 'design' : current));
  };

  if (draft.loadError)
    return (
      <Page title={t('title')}>
        <Alert tone="error">
          {t('loadFailed')} {draft.loadError.text(locale)}
        </Alert>
        <Link to="/design/forms">{t('back')}</Link>
      </Page>
    );
  if (!draft.draft || !form || !definition) return <Spinner label={t('loading')} />;

  const located = fields.selected ? locate(form.fields, fields.selected) : null;
  const summary = draft.draft.summary;
  const fieldProblemTexts = new Map(
    [...placed.byField].map(([uid, list]) => [uid, list.map((p) => p.message)]),
  );
  const tabs: TabItem<Tab>[] = [
    { id: 'design', icon: 'design', label: t('tab.design') },
    { id: 'preview', icon: 'eye', label: t('tab.preview') },
    { id: 'rules', icon: 'check', label: t('tab.rules') },
    { id: 'json', icon: 'code', label: t('tab.json') },
    {
      id: 'settings',
      icon: 'settings',
      label: t('tab.settings'),
      extra: placed.byForm.size > 0 && <span className="f-dot" aria-hidden="true" />,
    },
    { id: 'changes', icon: 'diff', label: t('tab.changes') },
  ];

  return (
    <Page
      title={localized(form.name) || form.id}
      intro={
        <EditorIntro
          backTo="/design/forms"
          backLabel={t('back')}
          dirty={draft.dirty}
          savedLabel={draft.dirty ? t('unsaved') : t('allSaved')}
        >
          <FormStatusBadge status={summary.status} />
          <span>
            {summary.latestVersion > 0 ? t('version', { n: summary.latestVersion }) : t('noVersion')}
          </span>
        </EditorIntro>
      }
      actions={
        <>
          <Button
            icon="save"
            busy={draft.busy === 'save'}
            disabled={!!draft.busy}
            onClick={() => void draft.save()}
            data-action="save"
          >
            {draft.busy === 'save' ? t('saving') : t('save')}
          </Button>
          <Button
            variant="primary"
            icon="send"
            busy={draft.busy === 'publish'}
            disabled={!!draft.busy}
            onClick={() => void publish()}
            data-action="publish"
          >
            {draft.busy === 'publish' ? t('publishing') : t('publish')}
          </Button>
        </>
      }
    >
      {draft.notice && (
        <Alert tone={draft.notice.tone}>
          {draft.notice.text}{' '}
          {draft.notice.conflict && (
            <Button variant="ghost" onClick={() => void draft.load()}>
              {t('reload')}
            </Button>
          )}
        </Alert>
      )}
      {draft.publishFailed && (placed.elsewhere.length > 0 || placed.byForm.size > 0) && (
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
      <Tabs label={t('tabs')} idPrefix="f-tab" items={tabs} selected={tab} onSelect={setTab} />
      <TabPanel idPrefix="f-tab" selected={tab} className="f-editor__panel">
        {tab === 'design' && (
          <div
            className={`f-designer${located ? ' f-designer--selected' : ''}${fields.sheetOpen ? '' : ' f-designer--sheet-closed'}`}
          >
            <Palette onAdd={fields.addField} onDragStart={fields.begin} wasDrag={fields.wasDrag} />
            <Canvas
              fields={form.fields}
              selected={fields.selected}
              problems={fieldProblemTexts}
              drag={fields.drag}
              onSelect={fields.select}
              onMove={fields.move}
              onDuplicate={fields.duplicate}
              onRemove={fields.remove}
              onAddColumn={fields.addColumn}
              onDragStart={fields.begin}
            />
            <PropertyPanel
              form={form}
              located={located}
              problems={located ? (placed.byField.get(located.field.uid) ?? []) : []}
              onChange={fields.update}
              onMoveTo={fields.moveTo}
              onClose={fields.closeSheet}
            />
          </div>
        )}
        {tab === 'preview' && <Preview definition={definition} />}
        {tab === 'rules' && <Rules form={form} onChange={(rules) => setForm((f) => ({ ...f, rules }))} />}
        {tab === 'json' && (
          <RawJson definition={definition} problems={draft.problems} onApply={draft.applyRaw} />
        )}
        {tab === 'settings' && (
          <Settings
            form={form}
            problems={placed.byForm}
            onChange={(patch) => setForm((f) => clean({ ...f, ...patch }))}
          />
        )}
        {tab === 'changes' && <Changes formId={id} draft={form} versions={draft.versions} />}
      </TabPanel>
      {fields.drag && (
        <div className="f-drag-ghost" style={{ left: fields.drag.x, top: fields.drag.y }} aria-hidden="true">
          {fields.drag.source.label}
        </div>
      )}
      <p className="f-visually-hidden" aria-live="polite">
        {fields.announcement}
      </p>
    </Page>
  );
}

/** Drops the settings the analyst emptied (undefined), so they leave the definition. */
function clean(form: DesignForm): DesignForm {
  for (const key of Object.keys(form) as (keyof DesignForm)[]) if (form[key] === undefined) delete form[key];
  return form;
}
