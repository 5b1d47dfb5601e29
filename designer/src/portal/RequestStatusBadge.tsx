// A request's status as a badge: in progress, returned, approved, rejected … in the kit's tones.
import { useMessages } from '../i18n/react.tsx';
import { Badge, type BadgeTone } from '../ui/kit/index.ts';
import { portalMessages, type PortalKey } from './messages.ts';

const STATUS_TONE: Record<string, BadgeTone> = {
  running: 'info',
  returned: 'warning',
  incident: 'warning',
  approved: 'success',
  completed: 'success',
  rejected: 'danger',
  withdrawn: 'neutral',
  cancelled: 'neutral',
};

export function RequestStatusBadge({ status }: { status: string }) {
  const t = useMessages(portalMessages);
  const label = Object.hasOwn(STATUS_TONE, status) ? t(`status.${status}` as PortalKey) : status;
  return (
    <Badge tone={STATUS_TONE[status] ?? 'neutral'} data-status={status}>
      {label}
    </Badge>
  );
}
