// A document's place in its lifecycle as a badge: draft, submitted, cancelled.
import { useMessages } from '../i18n/react.tsx';
import { Badge, type BadgeTone } from '../ui/kit/index.ts';
import { documentMessages } from './messages.ts';

const TONE: Record<string, BadgeTone> = { draft: 'neutral', submitted: 'success', cancelled: 'danger' };

export function DocstatusBadge({ docstatus }: { docstatus: string | undefined }) {
  const t = useMessages(documentMessages);
  const state = docstatus === 'submitted' || docstatus === 'cancelled' ? docstatus : 'draft';
  return (
    <Badge tone={TONE[state]} data-docstatus={state} icon={state === 'cancelled' ? 'close' : undefined}>
      {t(`docstatus.${state}`)}
    </Badge>
  );
}
