// dmn-js on the page: made when the file is loaded, and made again when the language changes
// (dmn-js's texts are fixed when it starts) with the file as last edited. It tells the page its
// views (one per decision, and the requirements diagram), which one is open, when the file changed
// (`rev` counts the changes) and whether there are changes not deployed.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { asApiError, type ApiError } from '#designer/api/errors.ts';
import type { Locale } from '#designer/i18n/define.ts';
import { createDecisionModeler, type DecisionModeler } from './create.ts';

export interface DecisionView {
  id: string;
  name?: string;
  type: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- dmn-js events and viewers are untyped */

export function useDecisionModeler({
  xml,
  dirtyAtStart,
  enabled,
  locale,
  containerRef,
  preferred,
  onError,
}: {
  /** The file to open (null: not loaded yet). */
  xml: string | null;
  /** The file is not what is deployed (new, imported). */
  dirtyAtStart: boolean;
  /** False on a phone: no editor is made. */
  enabled: boolean;
  locale: Locale;
  containerRef: RefObject<HTMLDivElement | null>;
  /** The decision to open first. */
  preferred: string;
  onError(error: ApiError): void;
}) {
  const modelerRef = useRef<DecisionModeler | null>(null);
  const xmlRef = useRef('');
  const [ready, setReady] = useState(false);
  const [rev, setRev] = useState(0);
  const [dirty, setDirtyState] = useState(false);
  // The editor is made again when the language changes: it keeps what is (not) deployed then.
  const dirtyRef = useRef(false);
  const setDirty = useCallback((value: boolean): void => {
    dirtyRef.current = value;
    setDirtyState(value);
  }, []);
  const [views, setViews] = useState<DecisionView[]>([]);
  const [active, setActive] = useState<DecisionView | null>(null);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  useEffect(() => {
    if (xml === null) return;
    xmlRef.current = xml;
    setDirty(dirtyAtStart);
  }, [xml, dirtyAtStart]);

  useEffect(() => {
    if (xml === null || !enabled || !containerRef.current) return;
    let live = true;
    let modeler: DecisionModeler;
    try {
      modeler = createDecisionModeler(containerRef.current, locale);
    } catch (e) {
      onErrorRef.current(asApiError(e));
      return;
    }
    modelerRef.current = modeler;
    const remember = (): void => {
      modeler
        .saveXML({ format: true })
        .then(({ xml: saved }) => {
          if (live) xmlRef.current = saved;
        })
        .catch(() => undefined);
    };
    let opened = false;
    modeler.on('viewer.created', ({ viewer }: { viewer: any }) => {
      // An edit (a command done, undone or redone); opening a file clears the stack.
      viewer.on('commandStack.changed', ({ trigger }: { trigger?: string }) => {
        if (!live || !opened || trigger === 'clear') return;
        setDirty(true);
        setRev((r) => r + 1);
        remember();
      });
    });
    modeler.on('views.changed', ({ views: all, activeView }: { views: any[]; activeView: any }) => {
      if (!live) return;
      setViews(all.map((v) => ({ id: v.id, ...(v.name ? { name: v.name } : {}), type: v.type })));
      setActive(activeView ? { id: activeView.id, name: activeView.name, type: activeView.type } : null);
      setRev((r) => r + 1);
    });
    modeler
      .importXML(xmlRef.current)
      .then(() => {
        if (!live) return;
        const wanted = modeler.getViews().find((v) => v.id === preferred);
        return wanted ? modeler.open(wanted) : undefined;
      })
      .then(() => {
        if (!live) return;
        // Opening a file reports its elements as changed: only what follows is an edit.
        opened = true;
        setDirty(dirtyRef.current);
        setReady(true);
        setRev((r) => r + 1);
      })
      .catch((e: unknown) => live && onErrorRef.current(asApiError(e)));
    return () => {
      live = false;
      setReady(false);
      modelerRef.current = null;
      modeler.destroy();
    };
  }, [xml, enabled, locale]);

  /** Opens another view (a decision of the file, or its requirements diagram). */
  const openView = useCallback((id: string): void => {
    const m = modelerRef.current;
    const view = m?.getViews().find((v) => v.id === id);
    if (m && view) void m.open(view);
  }, []);

  /** Replaces the file (an imported one): a change not deployed. */
  const importXml = useCallback(async (next: string): Promise<void> => {
    const m = modelerRef.current;
    xmlRef.current = next;
    setDirty(true);
    if (m) await m.importXML(next);
    setRev((r) => r + 1);
  }, []);

  /** The file as DMN XML (as last edited, also on a phone where no editor runs). */
  const saveXml = useCallback(async (): Promise<string> => {
    const m = modelerRef.current;
    if (!m) return xmlRef.current;
    const { xml: saved } = await m.saveXML({ format: true });
    xmlRef.current = saved;
    return saved;
  }, []);

  return { ready, rev, dirty, setDirty, views, active, openView, importXml, saveXml };
}
