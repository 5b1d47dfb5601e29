// Before submitting: who will approve this draft, worked out by the server from the data as it
// stands (a moment after the last change) — each step's people, the conditions that route it.
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useMessages } from '../i18n/react.tsx';
import { ApprovalChain } from './ApprovalChain.tsx';
import { roadOf, type Road } from './approval-views.ts';
import { approverMessages } from './approver-messages.ts';

const DELAY_MS = 500;

export function ChainPreview({ processId, data }: { processId: string; data: Record<string, unknown> }) {
  const t = useMessages(approverMessages);
  const [road, setRoad] = useState<Road | null | 'failed'>(null);
  const key = JSON.stringify(data);
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .post('/api/approvals/preview', {
          body: { processId, variables: JSON.parse(key) as Record<string, unknown> },
          signal: controller.signal,
        })
        .then((reply) => setRoad(roadOf(reply)))
        .catch(() => {
          if (!controller.signal.aborted) setRoad('failed');
        });
    }, DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [processId, key]);
  if (road === 'failed') return <p className="fp-hint">{t('chain.previewFailed')}</p>;
  if (!road) return null;
  return <ApprovalChain road={road} title={t('chain.previewTitle')} intro={t('chain.previewIntro')} />;
}
