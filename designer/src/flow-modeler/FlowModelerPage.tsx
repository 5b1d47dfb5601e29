// The flow modeler: bpmn-js with the zeebe dialect, a palette limited to what the engine runs,
// approval-friendly properties (who approves, countersign / or-sign / vote, forms, deadlines,
// reminders, escalation, conditions built from the request form's fields, the flow's approval
// rules), bpmn-js's own properties panel for the rest, import / export of .bpmn files (the same
// files Camunda Modeler opens), deployment with the server's problems marked on the elements, the
// versions with their running instances, and a simulation of which path a request would take.
// The server's deploy check runs in the background while the analyst draws.
//
// The page composes: what it loads (editor/use-flow-document.ts), the modeler (use-modeler.ts),
// the background check and the marks on the diagram (use-deploy-check.ts), the request form's
// fields (use-request-fields.ts); its own state is what it shows (tab, notice, dialog, busy).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PageProps } from '#designer/shell/routes.ts';
import { asApiError } from '#designer/api/errors.ts';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Link, navigate } from '#designer/shell/router.tsx';
import { Alert, Button, Page, Spinner } from '#designer/ui/index.ts';
import { Badge, EditorIntro, useUnsavedWarning } from '#designer/ui/kit/index.ts';
import { entriesByFlow, listVersions, loadVersion } from './api.ts';
import { CatalogueDialog } from './catalogue/CatalogueDialog.tsx';
import { catalogueMessages } from './catalogue/messages.ts';
import { deployXml } from './editor/deploy.ts';
import { FlowActions } from './editor/FlowActions.tsx';
import { FlowSidePanel, type SideTab } from './editor/FlowSidePanel.tsx';
import { FlowToolbar } from './editor/FlowToolbar.tsx';
import { useDeployCheck } from './editor/use-deploy-check.ts';
import { useFlowDocument } from './editor/use-flow-document.ts';
import { useLocalAutosave } from './editor/use-local-autosave.ts';
import { useModeler } from './editor/use-modeler.ts';
import { useRequestFields } from './editor/use-request-fields.ts';
import { flowModelerMessages } from './messages.ts';
import { nameOf } from './model/names.ts';
import { downloadBpmn, fit } from './modeler/view.ts';
import type { PanelContext } from './panels/context.ts';
import './editor/modeler.css';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js services are untyped */

interface Notice {
  tone: 'success' | 'error' | 'info';
  text: string;
  /** Offer to publish the flow to the catalogue (after a deploy). */
  offerCatalogue?: boolean;
}

// A new flow's steps are named in both languages, whatever the analyst's: straight from the tables.
const templateTextsIn = (texts: (typeof flowModelerMessages)['en']) => ({
  submitted: texts['tpl.submitted'],
  approval: texts['tpl.approval'],
  approved: texts['tpl.approved'],
  rejected: texts['tpl.rejected'],
  decision: texts['tpl.decision'],
  yes: texts['tpl.yes'],
  no: texts['tpl.no'],
});
const TEMPLATE_TEXTS = {
  en: templateTextsIn(flowModelerMessages.en),
  'zh-CN': templateTextsIn(flowModelerMessages['zh-CN']),
};

export default function FlowModelerPage({ params }: PageProps) {
  const processId = params.id!;
  const t = useMessages(flowModelerMessages);
  const tc = useMessages(catalogueMessages);
  const { locale } = useLocale();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [tab, setTab] = useState<SideTab>('element');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const [cataloguing, setCataloguing] = useState(false);

  const doc = useFlowDocument(processId, TEMPLATE_TEXTS);
  const { initial, deployed, entries } = doc;
  const modeler = useModeler({
    initial,
    locale,
    canvasRef,
    panelRef,
    onError: doc.setLoadError,
    onSelect: () =>
      setTab((current) => (current === 'versions' || current === 'problems' ? 'element' : current)),
  });
  const { modelerRef, ready, rev } = modeler;
  const check = useDeployCheck({ modelerRef, ready, rev, locale, saveXml: modeler.saveXml });
  const request = useRequestFields(modelerRef, ready, rev, locale);
  useUnsavedWarning(modeler.dirty);
  const onOtherTab = useCallback(() => setNotice({ tone: 'error', text: t('draft.otherTab') }), [t]);
  const autosave = useLocalAutosave({
    processId,
    ready,
    dirty: modeler.dirty,
    rev,
    saveXml: modeler.saveXml,
    onOtherTab,
  });

  // An imported file handed over by the flows list, or unsaved work restored: say so.
  useEffect(() => {
    if (initial?.importedFrom)
      setNotice({ tone: 'info', text: t('importDone', { file: initial.importedFrom }) });
    else if (initial?.restoredFrom)
      setNotice({
        tone: 'info',
        text: t('draft.restored', { when: new Date(initial.restoredFrom).toLocaleString(locale) }),
      });
  }, [initial]);

  // ---- actions ------------------------------------------------------------------------------
  const doDeploy = async (): Promise<void> => {
    if (!modelerRef.current) return;
    setBusy(true);
    setNotice(null);
    try {
      const outcome = await modeler.saveXml().then(deployXml, (e: unknown) => ({
        ok: false as const,
        error: asApiError(e),
      }));
      if (outcome.ok) {
        const { result } = outcome;
        doc.setDeployed({
          version: result.version,
          ...(result.name ? { name: result.name } : {}),
          formIds: result.formIds ?? [],
        });
        modeler.setDirty(false);
        autosave.clear();
        if (result.processId !== processId) autosave.clear(result.processId);
        check.setProblems([]);
        setNotice({
          tone: 'success',
          text: result.duplicate
            ? t('deployedSame', { n: result.version })
            : t('deployed', { n: result.version }),
          offerCatalogue: entries !== null && !entriesByFlow(entries).has(result.processId),
        });
        doc.setVersions(await listVersions(result.processId).catch(() => null));
        if (result.processId !== processId)
          navigate(`/design/flows/${encodeURIComponent(result.processId)}`, { replace: true });
      } else if ('problems' in outcome) {
        check.setProblems(outcome.problems);
        setTab('problems');
        setNotice({ tone: 'error', text: t('deployFailed', { n: outcome.problems.length }) });
      } else setNotice({ tone: 'error', text: outcome.error.text(locale) });
    } finally {
      setBusy(false);
    }
  };

  const importXml = async (xml: string, text: string): Promise<void> => {
    try {
      await modeler.importXml(xml);
      setNotice({ tone: 'info', text });
    } catch (e) {
      setNotice({ tone: 'error', text: t('import.failed', { message: (e as Error).message }) });
    }
  };

  const openVersion = async (n: number): Promise<void> => {
    try {
      const def = await loadVersion(processId, n);
      await importXml(def.xml ?? '', t('versions.opened', { n }));
      setTab('element');
    } catch (e) {
      setNotice({ tone: 'error', text: asApiError(e).text(locale) });
    }
  };

  const showElement = (id: string): void => {
    const m = modelerRef.current as any;
    const el = m?.get('elementRegistry').get(id);
    if (!el) return;
    m.get('selection').select(el);
    m.get('canvas').scrollToElement(el);
    setTab('element');
  };

  // ---- rendering ----------------------------------------------------------------------------
  if (doc.loadError)
    return (
      <Page title={t('title')}>
        <Alert tone="error">
          {t('loadFailed')} {doc.loadError.text(locale)}
        </Alert>
        <Link to="/design/flows">{t('back')}</Link>
      </Page>
    );

  const m = modelerRef.current as any;
  const root = ready && m ? m.get('canvas').getRootElement() : null;
  const ctx: PanelContext | null =
    ready && m
      ? {
          modeler: m,
          processId,
          deployed: deployed.version !== null,
          forms: doc.forms,
          fields: request.fields,
          requestForm: request.definition,
          roles: doc.roles ?? [],
        }
      : null;
  // The flow's name in the analyst's language (its English name when it has no Chinese one).
  const name: string = (root && nameOf(root.businessObject, locale)) || processId;
  const entry = (entries && entriesByFlow(entries).get(processId)?.[0]) ?? null;
  const canCatalogue = ready && deployed.version !== null && entries !== null;
  const localName = (text: { en: string; 'zh-CN': string }) => (locale === 'zh-CN' ? text['zh-CN'] : text.en);

  return (
    <Page
      title={name}
      documentTitle={`${name} · ${t('title')}`}
      intro={
        <EditorIntro
          backTo="/design/flows"
          backLabel={t('back')}
          dirty={modeler.dirty}
          savedLabel={!modeler.dirty ? t('upToDate') : autosave.kept ? t('draft.kept') : t('unsaved')}
        >
          <Badge tone={deployed.version ? 'success' : 'warning'}>
            {deployed.version ? t('deployedVersion', { n: deployed.version }) : t('notDeployed')}
          </Badge>
          {entry && (
            <Badge tone="info" icon="requests" data-entry={entry.id}>
              {tc('in')}
            </Badge>
          )}
        </EditorIntro>
      }
      actions={
        <FlowActions
          ready={ready}
          busy={busy}
          entry={entry}
          catalogueKnown={entries !== null}
          canCatalogue={canCatalogue}
          onImport={(file) =>
            void file.text().then((xml) => importXml(xml, t('importDone', { file: file.name })))
          }
          onExport={() => void downloadBpmn(modelerRef.current, processId)}
          onCatalogue={() => setCataloguing(true)}
          onDeploy={() => void doDeploy()}
        />
      }
    >
      {notice && (
        <Alert tone={notice.tone}>
          <span className="f-notice">
            <span>{notice.text}</span>
            {notice.offerCatalogue && !entry && canCatalogue && (
              <Button icon="requests" onClick={() => setCataloguing(true)} data-action="catalogue-offer">
                {tc('publish')}
              </Button>
            )}
          </span>
        </Alert>
      )}
      {cataloguing && deployed.version !== null && (
        <CatalogueDialog
          processId={processId}
          flowName={deployed.name || name}
          deployedVersion={deployed.version}
          formIds={
            deployed.formIds.length ? deployed.formIds : request.requestFormId ? [request.requestFormId] : []
          }
          forms={doc.forms}
          roles={doc.roles}
          entry={entry}
          onClose={() => setCataloguing(false)}
          onSaved={(saved, created) => {
            doc.setEntries((current) => [...(current ?? []).filter((e) => e.id !== saved.id), saved]);
            setCataloguing(false);
            setNotice({
              tone: 'success',
              text: tc(created ? 'published' : 'saved', { name: localName(saved.name) }),
            });
          }}
          onRemoved={(removed) => {
            doc.setEntries((current) => (current ?? []).filter((e) => e.id !== removed.id));
            setCataloguing(false);
            setNotice({ tone: 'info', text: tc('removed', { name: localName(removed.name) }) });
          }}
        />
      )}
      <div className="f-flow">
        <div className="f-flow__main">
          <FlowToolbar
            onCommand={(command) => (modelerRef.current as any)?.get('commandStack')[command]()}
            onFit={() => fit(modelerRef.current)}
            checking={check.checking}
            problems={check.problems.length}
          />
          <div className="f-flow__canvas" ref={canvasRef} role="application" aria-label={t('canvas')} />
          {!ready && <Spinner label={t('loading')} />}
        </div>
        <FlowSidePanel
          tab={tab}
          onTab={setTab}
          ctx={ctx}
          element={modeler.selected ?? root}
          rev={rev}
          advancedRef={panelRef}
          versions={doc.versions}
          problems={check.problems}
          onOpenVersion={(n) => void openVersion(n)}
          onShowElement={showElement}
          onSimulated={check.showPath}
        />
      </div>
    </Page>
  );
}
