// A request's BPMN diagram on demand, with the steps passed in green and the open ones in blue:
// bpmn-js's read-only viewer (pan and zoom), loaded only when someone asks for the diagram.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Alert, Spinner } from '../ui/index.ts';
import { Dialog } from '../ui/kit/index.ts';
import { approverMessages } from './approver-messages.ts';
import './chain.css';

interface Canvas {
  addMarker(id: string, marker: string): void;
  zoom(level: string): void;
}

export default function DiagramDialog({ requestId, onClose }: { requestId: string; onClose: () => void }) {
  const t = useMessages(approverMessages);
  const { locale } = useLocale();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'shown' | { error: string }>('loading');

  useEffect(() => {
    const controller = new AbortController();
    let viewer: InstanceType<typeof NavigatedViewer> | null = null;
    void (async () => {
      try {
        const d = await api.get('/api/approvals/requests/{id}/diagram', {
          path: { id: requestId },
          signal: controller.signal,
        });
        if (!host.current) return;
        viewer = new NavigatedViewer({ container: host.current });
        await viewer.importXML(d.xml);
        const canvas = viewer.get<Canvas>('canvas');
        const mark = (ids: string[], marker: string) => {
          for (const id of ids) {
            try {
              canvas.addMarker(id, marker);
            } catch {
              // An element of another process in the same file: nothing to mark here.
            }
          }
        };
        mark(d.done, 'fp-diagram--done');
        mark(d.current, 'fp-diagram--current');
        canvas.zoom('fit-viewport');
        setState('shown');
      } catch (e) {
        if (!controller.signal.aborted)
          setState({
            error:
              e instanceof Error && 'text' in e ? (e as { text(l: string): string }).text(locale) : String(e),
          });
      }
    })();
    return () => {
      controller.abort();
      viewer?.destroy();
    };
  }, [requestId, locale]);

  return (
    <Dialog title={t('chain.diagramTitle')} onClose={onClose} size="wide">
      <p className="fp-hint">{t('chain.diagramLegend')}</p>
      {state === 'loading' && <Spinner label={t('chain.diagramTitle')} />}
      {typeof state === 'object' && <Alert tone="error">{state.error}</Alert>}
      <div className="fp-diagram" ref={host} data-state={typeof state === 'string' ? state : 'failed'} />
    </Dialog>
  );
}
