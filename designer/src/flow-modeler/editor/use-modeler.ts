// The bpmn-js modeler on the page: made when the diagram is loaded, and made again when the
// language changes (bpmn-js's texts are fixed when it starts) with the diagram as last edited.
// It tells the page when the diagram changed (`rev` counts the changes: panels read the model
// again), what is selected, and whether there are changes not deployed.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { asApiError, type ApiError } from '#designer/api/errors.ts';
import type { Locale } from '#designer/i18n/define.ts';
import { createModeler, type Modeler } from '../modeler/create.ts';
import { fit } from '../modeler/view.ts';
import type { Element } from '../panels/common.tsx';
import type { InitialDiagram } from './use-flow-document.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js services are untyped */

export function useModeler({
  initial,
  locale,
  canvasRef,
  panelRef,
  onError,
  onSelect,
}: {
  initial: InitialDiagram | null;
  locale: Locale;
  canvasRef: RefObject<HTMLDivElement | null>;
  panelRef: RefObject<HTMLDivElement | null>;
  onError(error: ApiError): void;
  /** One element was selected (not called when the selection is cleared). */
  onSelect(): void;
}) {
  const modelerRef = useRef<Modeler | null>(null);
  // The diagram as last edited: the modeler made again for another language starts from it.
  const xmlRef = useRef('');
  const [ready, setReady] = useState(false);
  const [rev, setRev] = useState(0);
  const [selected, setSelected] = useState<Element | null>(null);
  const [dirty, setDirty] = useState(false);
  const callbacks = useRef({ onError, onSelect });
  callbacks.current = { onError, onSelect };

  useEffect(() => {
    if (!initial) return;
    xmlRef.current = initial.xml;
    setDirty(initial.dirty);
  }, [initial]);

  useEffect(() => {
    if (!initial || !canvasRef.current || !panelRef.current) return;
    let live = true;
    let modeler: Modeler;
    try {
      modeler = createModeler(canvasRef.current, panelRef.current, locale);
    } catch (e) {
      callbacks.current.onError(asApiError(e));
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
      if (e.newSelection.length === 1) callbacks.current.onSelect();
    });
    modeler
      .importXML(xmlRef.current)
      .then(() => {
        if (!live) return;
        fit(m);
        setReady(true);
        setRev((r) => r + 1);
      })
      .catch((e: unknown) => live && callbacks.current.onError(asApiError(e)));
    return () => {
      live = false;
      setReady(false);
      setSelected(null);
      modelerRef.current = null;
      modeler.destroy();
    };
  }, [initial, locale]);

  /** Replaces the diagram (an imported file, an older version): a change not deployed. */
  const importXml = useCallback(async (xml: string): Promise<void> => {
    const m = modelerRef.current as any;
    if (!m) return;
    await m.importXML(xml);
    fit(m);
    xmlRef.current = xml;
    setDirty(true);
    setRev((r) => r + 1);
  }, []);

  /** The diagram as BPMN XML. */
  const saveXml = useCallback(async (): Promise<string> => {
    const { xml } = await (modelerRef.current as any).saveXML({ format: true });
    return xml as string;
  }, []);

  return { modelerRef, ready, rev, selected, dirty, setDirty, importXml, saveXml };
}
