// The flow modeler: bpmn-js with the zeebe dialect, a palette limited to what the engine runs,
// approval-friendly properties (who approves, countersign / or-sign / vote, forms, deadlines,
// reminders, escalation, conditions built from the request form's fields, the flow's approval
// rules), bpmn-js's own properties panel for the rest, import / export of .bpmn files (the same
// files Camunda Modeler opens), deployment with the server's problems marked on the elements, the
// versions with their running instances, and a simulation of which path a request would take.
// The server's deploy check runs in the background while the analyst draws.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PageProps } from '../shell/routes.ts';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Link, navigate } from '../shell/router.tsx';
import { Alert, Button, Icon, Page, Spinner, type IconName } from '../ui/index.ts';
import {
  deploy,
  entriesByFlow,
  formVersion,
  listEntries,
  listRoles,
  listVersions,
  loadLatest,
  loadVersion,
  publishedForms,
  validate,
  type CatalogueEntry,
  type FlowProblem,
  type FlowVersion,
} from './api.ts';
import { CatalogueDialog } from './CatalogueDialog.tsx';
import { dropDraft, takeDraft } from './handoff.ts';
import { flowModelerMessages } from './messages.ts';
import { createModeler, type Modeler } from './modeler/create.ts';
import type { SimResult } from './model/simulate.ts';
import { newDiagramXml } from './model/template.ts';
import { readFormId } from './model/zeebe-edit.ts';
import type { Element } from './panels/common.tsx';
import { fieldOptions, type FieldOption, type PanelContext } from './panels/context.ts';
import { ElementPanel } from './panels/ElementPanel.tsx';
import { ProblemsPanel, VersionsPanel } from './panels/Lists.tsx';
import { startEventOf } from './panels/ProcessPanel.tsx';
import { SimulatePanel } from './panels/SimulatePanel.tsx';
import '../form-designer/form-designer.css';
import './flow-modeler.css';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js services are untyped */

const PALETTE_WIDTH_PX = 110;
const MARGIN_PX = 24;

const NARROW_PX = 480;

/**
 * Fits the diagram into the canvas beside the palette (bpmn-js's own fit would put it under). On
 * a narrow canvas (a phone) the palette folds away first: the diagram needs the room, and the
 * palette's toggle opens it again.
 */
function fit(modeler: unknown): void {
  const canvas = (modeler as any)?.get('canvas');
  if (!canvas) return;
  const palette = (modeler as any).get('palette');
  canvas.zoom('fit-viewport', 'auto');
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height) return;
  const narrow = outer.width < NARROW_PX;
  if (narrow && palette.isOpen()) palette.close();
  const left = (narrow ? 0 : PALETTE_WIDTH_PX) + MARGIN_PX;
  const scale = Math.min(
    1,
    (outer.width - left - MARGIN_PX) / inner.width,
    (outer.height - 2 * MARGIN_PX) / inner.height,
  );
  if (scale <= 0) return;
  const height = outer.height / scale;
  canvas.viewbox({
    x: inner.x - left / scale,
    y: inner.y - (height - inner.height) / 2,
    width: outer.width / scale,
    height,
  });
}

type Tab = 'element' | 'advanced' | 'simulate' | 'versions' | 'problems';
const TABS: { id: Tab; icon: IconName }[] = [
  { id: 'element', icon: 'settings' },
  { id: 'advanced', icon: 'code' },
  { id: 'simulate', icon: 'play' },
  { id: 'versions', icon: 'diff' },
  { id: 'problems', icon: 'alert' },
];

const CHECK_DELAY_MS = 900;

export default function FlowModelerPage({ params }: PageProps) {
  const processId = params.id!;
  const t = useMessages(flowModelerMessages);
  const { locale } = useLocale();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const modelerRef = useRef<Modeler | null>(null);
  const xmlRef = useRef('');
  const markedRef = useRef<{ invalid: string[]; sim: string[] }>({ invalid: [], sim: [] });
  const [initial, setInitial] = useState<{ xml: string } | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [ready, setReady] = useState(false);
  const [rev, setRev] = useState(0);
  const [selected, setSelected] = useState<Element | null>(null);
  const [dirty, setDirty] = useState(false);
  const [deployedVersion, setDeployedVersion] = useState<number | null>(null);
  const [problems, setProblems] = useState<FlowProblem[]>([]);
  const [checking, setChecking] = useState(false);
  const [tab, setTab] = useState<Tab>('element');
  const [versions, setVersions] = useState<FlowVersion[] | null>(null);
  const [forms, setForms] = useState<PanelContext['forms']>([]);
  const [roles, setRoles] = useState<PanelContext['roles']>([]);
  const [rolesRead, setRolesRead] = useState(false);
  // The catalogue entries published from the designer: null until read (or when they cannot be).
  const [entries, setEntries] = useState<CatalogueEntry[] | null>(null);
  const [cataloguing, setCataloguing] = useState(false);
  // What the deployed version says: its name and the forms it uses (to prefill a catalogue entry).
  const [deployedInfo, setDeployedInfo] = useState<{ name?: string; formIds: string[] }>({ formIds: [] });
  const [fields, setFields] = useState<FieldOption[]>([]);
  const [notice, setNotice] = useState<{
    tone: 'success' | 'error' | 'info';
    text: string;
    /** Offer to publish the flow to the catalogue (after a deploy). */
    offerCatalogue?: boolean;
  } | null>(null);
  const [busy, setBusy] = useState(false);
  const formIdRef = useRef<string | null>(null);

  const templateTexts = useMemo(
    () => ({
      submitted: t('tpl.submitted'),
      approval: t('tpl.approval'),
      approved: t('tpl.approved'),
      rejected: t('tpl.rejected'),
      decision: t('tpl.decision'),
      yes: t('tpl.yes'),
      no: t('tpl.no'),
    }),
    [t],
  );
  // Only a brand-new flow uses them, at first load (not a reason to load again).
  const textsRef = useRef(templateTexts);
  textsRef.current = templateTexts;

  // ---- loading ------------------------------------------------------------------------------
  useEffect(() => {
    let live = true;
    setInitial(null);
    setLoadError(null);
    (async () => {
      const draft = takeDraft(processId);
      let xml: string;
      let deployed = true;
      try {
        const latest = await loadLatest(processId);
        if (!live) return;
        setDeployedVersion(latest.version);
        setDeployedInfo({ ...(latest.name ? { name: latest.name } : {}), formIds: latest.formIds ?? [] });
        xml = draft?.xml ?? latest.xml ?? '';
      } catch (e) {
        const error = asApiError(e);
        if (error.status !== 404) throw error;
        setDeployedVersion(null);
        deployed = false;
        xml = draft?.xml ?? newDiagramXml(processId, draft?.name ?? processId, textsRef.current);
      }
      if (!live) return;
      if (draft?.xml) {
        setDirty(true);
        setNotice({ tone: 'info', text: t('importDone', { file: draft.fileName ?? processId }) });
        dropDraft(processId);
      } else setDirty(!deployed);
      xmlRef.current = xml;
      setInitial({ xml });
      listVersions(processId)
        .then((v) => live && setVersions(v))
        .catch(() => live && setVersions([]));
    })().catch((e: unknown) => live && setLoadError(asApiError(e)));
    publishedForms()
      .then((items) => live && setForms(items.map((f) => ({ id: f.id, name: f.name }))))
      .catch(() => undefined);
    listRoles()
      .then((items) => {
        if (!live) return;
        setRoles(items.map((r) => ({ id: r.id, name: r.name })));
        setRolesRead(true);
      })
      .catch(() => undefined);
    listEntries()
      .then((items) => live && setEntries(items))
      .catch(() => live && setEntries(null));
    return () => {
      live = false;
    };
  }, [processId]);

  // ---- the modeler (made again when the language changes: bpmn-js's texts are fixed at start) --
  useEffect(() => {
    if (!initial || !canvasRef.current || !panelRef.current) return;
    let live = true;
    let modeler: Modeler;
    try {
      modeler = createModeler(canvasRef.current, panelRef.current, locale);
    } catch (e) {
      setLoadError(asApiError(e));
      return;
    }
    modelerRef.current = modeler;
    const m = modeler as any;
    const remember = (): void => {
      m.saveXML({ format: true })
        .then(({ xml }: { xml: string }) => {
          if (live) xmlRef.current = xml;
        })
        .catch(() => undefined);
    };
    m.on('commandStack.changed', () => {
      setDirty(true);
      setRev((r) => r + 1);
      remember();
    });
    m.on('selection.changed', (e: { newSelection: Element[] }) => {
      setSelected(e.newSelection.length === 1 ? e.newSelection[0] : null);
      if (e.newSelection.length === 1)
        setTab((current) => (current === 'versions' || current === 'problems' ? 'element' : current));
    });
    modeler
      .importXML(xmlRef.current)
      .then(() => {
        if (!live) return;
        fit(m);
        setReady(true);
        setRev((r) => r + 1);
      })
      .catch((e: unknown) => live && setLoadError(asApiError(e)));
    return () => {
      live = false;
      setReady(false);
      setSelected(null);
      markedRef.current = { invalid: [], sim: [] };
      modelerRef.current = null;
      modeler.destroy();
    };
  }, [initial, locale]);

  // ---- the server's deploy check in the background -----------------------------------------
  useEffect(() => {
    if (!ready) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const m = modelerRef.current as any;
      if (!m) return;
      setChecking(true);
      try {
        const { xml } = await m.saveXML({ format: true });
        setProblems(await validate(xml, controller.signal));
      } catch {
        // A failed background check is not worth a message; deploy reports for real.
      } finally {
        setChecking(false);
      }
    }, CHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [ready, rev]);

  // ---- problems marked on their elements ----------------------------------------------------
  useEffect(() => {
    const m = modelerRef.current as any;
    if (!ready || !m) return;
    const canvas = m.get('canvas');
    const overlays = m.get('overlays');
    const registry = m.get('elementRegistry');
    for (const id of markedRef.current.invalid) if (registry.get(id)) canvas.removeMarker(id, 'f-invalid');
    overlays.remove({ type: 'f-problem' });
    const ids = [
      ...new Set(problems.map((p) => p.elementId).filter((id): id is string => !!id && registry.get(id))),
    ];
    for (const id of ids) {
      canvas.addMarker(id, 'f-invalid');
      const badge = document.createElement('div');
      badge.className = 'f-ovl';
      badge.textContent = '!';
      badge.title = problems
        .filter((p) => p.elementId === id)
        .map((p) => (locale === 'zh-CN' ? p.messageZh : p.message))
        .join('\n');
      const el = registry.get(id);
      if (el.waypoints) continue; // a flow: the marker colours it
      overlays.add(id, 'f-problem', { position: { top: -10, right: 10 }, html: badge });
    }
    markedRef.current.invalid = ids;
  }, [problems, ready, locale, rev]);

  const showSimulation = useCallback((result: SimResult | null) => {
    const m = modelerRef.current as any;
    if (!m) return;
    const canvas = m.get('canvas');
    const registry = m.get('elementRegistry');
    for (const id of markedRef.current.sim) if (registry.get(id)) canvas.removeMarker(id, 'f-sim');
    const ids = result ? [...result.visited, ...result.flows].filter((id) => registry.get(id)) : [];
    for (const id of ids) canvas.addMarker(id, 'f-sim');
    markedRef.current.sim = ids;
  }, []);

  // ---- the request form's fields (for conditions and simulation) ---------------------------
  useEffect(() => {
    const m = modelerRef.current as any;
    if (!ready || !m) return;
    const start = startEventOf(m, m.get('canvas').getRootElement());
    const formId = start ? readFormId(start.businessObject) : '';
    if (formId === formIdRef.current) return;
    formIdRef.current = formId;
    if (!formId) {
      setFields([]);
      return;
    }
    formVersion(formId)
      .then((def) => formIdRef.current === formId && setFields(fieldOptions(def, locale)))
      .catch(() => setFields([]));
  }, [ready, rev, locale]);

  useEffect(() => {
    formIdRef.current = null; // the labels follow the language
  }, [locale]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // ---- actions ------------------------------------------------------------------------------
  const doDeploy = async (): Promise<void> => {
    const m = modelerRef.current as any;
    if (!m) return;
    setBusy(true);
    setNotice(null);
    try {
      const { xml } = await m.saveXML({ format: true });
      const result = await deploy(xml);
      setDeployedVersion(result.version);
      setDeployedInfo({ ...(result.name ? { name: result.name } : {}), formIds: result.formIds ?? [] });
      setDirty(false);
      setProblems([]);
      setNotice({
        tone: 'success',
        text: result.duplicate
          ? t('deployedSame', { n: result.version })
          : t('deployed', { n: result.version }),
        offerCatalogue: entries !== null && !entriesByFlow(entries).has(result.processId),
      });
      setVersions(await listVersions(result.processId).catch(() => null));
      if (result.processId !== processId)
        navigate(`/design/flows/${encodeURIComponent(result.processId)}`, { replace: true });
    } catch (e) {
      const error = asApiError(e);
      if (error.status === 422 && error.details.length) {
        const found = error.details.map((d) => {
          const detail = d as typeof d & { code?: string; elementId?: string; elementName?: string };
          return {
            code: detail.code ?? error.code,
            message: detail.message,
            messageZh: detail.messageZh ?? detail.message,
            ...(detail.elementId ? { elementId: detail.elementId } : {}),
            ...(detail.elementName ? { elementName: detail.elementName } : {}),
          };
        });
        setProblems(found);
        setTab('problems');
        setNotice({ tone: 'error', text: t('deployFailed', { n: found.length }) });
      } else setNotice({ tone: 'error', text: error.text(locale) });
    } finally {
      setBusy(false);
    }
  };

  const doExport = async (): Promise<void> => {
    const m = modelerRef.current as any;
    if (!m) return;
    const { xml } = await m.saveXML({ format: true });
    const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${m.get('canvas').getRootElement().businessObject.id ?? processId}.bpmn`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const importXml = async (xml: string, text: string): Promise<void> => {
    const m = modelerRef.current as any;
    if (!m) return;
    try {
      await m.importXML(xml);
      fit(m);
      xmlRef.current = xml;
      setDirty(true);
      setRev((r) => r + 1);
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

  const command = (name: 'undo' | 'redo'): void => (modelerRef.current as any)?.get('commandStack')[name]();

  // ---- rendering ----------------------------------------------------------------------------
  if (loadError)
    return (
      <Page title={t('title')}>
        <Alert tone="error">
          {t('loadFailed')} {loadError.text(locale)}
        </Alert>
        <Link to="/design/flows">{t('back')}</Link>
      </Page>
    );

  const m = modelerRef.current as any;
  const root = ready && m ? m.get('canvas').getRootElement() : null;
  const ctx: PanelContext | null =
    ready && m ? { modeler: m, processId, deployed: deployedVersion !== null, forms, fields, roles } : null;
  const name: string = root?.businessObject?.name || processId;
  const entry = (entries && entriesByFlow(entries).get(processId)?.[0]) ?? null;
  const canCatalogue = ready && deployedVersion !== null && entries !== null;
  const openCatalogue = (): void => {
    setCataloguing(true);
  };

  return (
    <Page
      title={name}
      documentTitle={`${name} · ${t('title')}`}
      intro={
        <span className="f-editor__intro">
          <Link to="/design/flows" className="f-editor__back">
            <Icon name="up" size={16} className="f-editor__back-icon" />
            {t('back')}
          </Link>
          <span className={`f-badge ${deployedVersion ? 'f-badge--published' : 'f-badge--draft'}`}>
            {deployedVersion ? t('deployedVersion', { n: deployedVersion }) : t('notDeployed')}
          </span>
          {entry && (
            <span className="f-badge f-badge--catalogue" data-entry={entry.id}>
              <Icon name="requests" size={14} />
              {t('catalogue.in')}
            </span>
          )}
          <span className={`f-editor__saved${dirty ? ' f-editor__saved--dirty' : ''}`}>
            {dirty ? t('unsaved') : t('upToDate')}
          </span>
        </span>
      }
      actions={
        <>
          <input
            ref={fileRef}
            type="file"
            accept=".bpmn,.xml,application/xml,text/xml"
            className="f-visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void file.text().then((xml) => importXml(xml, t('importDone', { file: file.name })));
            }}
          />
          <Button icon="upload" onClick={() => fileRef.current?.click()} disabled={!ready}>
            {t('importFlow')}
          </Button>
          <Button icon="download" onClick={() => void doExport()} disabled={!ready} data-action="export">
            {t('exportBpmn')}
          </Button>
          {entries !== null && (
            <Button
              icon="requests"
              onClick={openCatalogue}
              disabled={!canCatalogue}
              data-action="catalogue"
              data-entry={entry?.id}
            >
              {entry ? t('catalogue.manage') : t('catalogue.publish')}
            </Button>
          )}
          <Button
            variant="primary"
            icon="send"
            busy={busy}
            disabled={!ready || busy}
            onClick={() => void doDeploy()}
            data-action="deploy"
          >
            {busy ? t('deploying') : t('deploy')}
          </Button>
        </>
      }
    >
      {notice && (
        <Alert tone={notice.tone}>
          <span className="f-notice">
            <span>{notice.text}</span>
            {notice.offerCatalogue && !entry && canCatalogue && (
              <Button icon="requests" onClick={openCatalogue} data-action="catalogue-offer">
                {t('catalogue.publish')}
              </Button>
            )}
          </span>
        </Alert>
      )}
      {cataloguing && deployedVersion !== null && (
        <CatalogueDialog
          processId={processId}
          flowName={deployedInfo.name || name}
          deployedVersion={deployedVersion}
          formIds={
            deployedInfo.formIds.length ? deployedInfo.formIds : formIdRef.current ? [formIdRef.current] : []
          }
          forms={forms}
          roles={rolesRead ? roles : null}
          entry={entry}
          onClose={() => setCataloguing(false)}
          onSaved={(saved, created) => {
            setEntries((current) => [...(current ?? []).filter((e) => e.id !== saved.id), saved]);
            setCataloguing(false);
            setNotice({
              tone: 'success',
              text: t(created ? 'catalogue.published' : 'catalogue.saved', {
                name: locale === 'zh-CN' ? saved.name['zh-CN'] : saved.name.en,
              }),
            });
          }}
          onRemoved={(removed) => {
            setEntries((current) => (current ?? []).filter((e) => e.id !== removed.id));
            setCataloguing(false);
            setNotice({
              tone: 'info',
              text: t('catalogue.removed', {
                name: locale === 'zh-CN' ? removed.name['zh-CN'] : removed.name.en,
              }),
            });
          }}
        />
      )}
      <div className="f-flow">
        <div className="f-flow__main">
          <div className="f-flow__toolbar">
            <button
              type="button"
              className="f-iconbtn"
              aria-label={t('undo')}
              title={t('undo')}
              onClick={() => command('undo')}
            >
              <Icon name="undo" size={18} />
            </button>
            <button
              type="button"
              className="f-iconbtn"
              aria-label={t('redo')}
              title={t('redo')}
              onClick={() => command('redo')}
            >
              <Icon name="redo" size={18} />
            </button>
            <button
              type="button"
              className="f-iconbtn"
              aria-label={t('zoomFit')}
              title={t('zoomFit')}
              onClick={() => fit(modelerRef.current)}
            >
              <Icon name="fit" size={18} />
            </button>
            <span
              className={`f-flow__check${problems.length ? ' f-flow__check--problems' : ''}`}
              role="status"
              data-problems={problems.length}
            >
              <Icon name={problems.length ? 'alert' : 'check'} size={16} />
              {checking
                ? t('validating')
                : problems.length
                  ? t('checkProblems', { n: problems.length })
                  : t('checkOk')}
            </span>
          </div>
          <div className="f-flow__canvas" ref={canvasRef} role="application" aria-label={t('canvas')} />
          {!ready && <Spinner label={t('loading')} />}
        </div>
        <aside className="f-flow__side" aria-label={t('sidePanel')}>
          <div className="f-flow__tabs" role="tablist" aria-label={t('sidePanel')}>
            {TABS.map((item) => (
              <button
                key={item.id}
                type="button"
                role="tab"
                aria-selected={tab === item.id}
                id={`f-flowtab-${item.id}`}
                className="f-editor__tab"
                onClick={() => setTab(item.id)}
              >
                <Icon name={item.icon} size={16} />
                <span>{t(`tab.${item.id}`)}</span>
                {item.id === 'problems' && problems.length > 0 && (
                  <span className="f-count">{problems.length}</span>
                )}
              </button>
            ))}
          </div>
          <div className="f-flow__panel" role="tabpanel" aria-labelledby={`f-flowtab-${tab}`}>
            {ctx && tab === 'element' && (
              <ElementPanel key={(selected ?? root).id} element={selected ?? root} ctx={ctx} rev={rev} />
            )}
            <div
              className="f-flow__advanced"
              ref={panelRef}
              hidden={tab !== 'advanced'}
              aria-label={t('properties')}
            />
            {ctx && tab === 'simulate' && <SimulatePanel ctx={ctx} rev={rev} onResult={showSimulation} />}
            {tab === 'versions' && <VersionsPanel versions={versions} onOpen={(n) => void openVersion(n)} />}
            {tab === 'problems' && <ProblemsPanel problems={problems} onShow={showElement} />}
          </div>
        </aside>
      </div>
    </Page>
  );
}
