// A record's status as a badge: the statuses the platform and its modules set (draft, in approval,
// approved, posted …) by name in the person's language, any other as it is stored.
import { useMessages } from '../i18n/react.tsx';
import { Badge, type BadgeTone } from '../ui/kit/index.ts';
import { recordsMessages, type RecordsKey } from './messages.ts';

const STATUS_TONE: Record<string, BadgeTone> = {
  active: 'neutral',
  draft: 'neutral',
  submitted: 'info',
  returned: 'warning',
  approved: 'success',
  completed: 'success',
  posted: 'success',
  matched: 'success',
  unmatched: 'warning',
  rejected: 'danger',
  withdrawn: 'neutral',
  cancelled: 'neutral',
};

export function StatusBadge({ status }: { status: string }) {
  const t = useMessages(recordsMessages);
  if (!status) return null;
  const label = Object.hasOwn(STATUS_TONE, status) ? t(`status.${status}` as RecordsKey) : status;
  return (
    <Badge tone={STATUS_TONE[status] ?? 'neutral'} data-status={status}>
      {label}
    </Badge>
  );
}
