// A form's (or a form version's) status as a badge: draft, published, deprecated.
import { useMessages } from '#designer/i18n/react.tsx';
import { Badge, type BadgeTone } from '#designer/ui/kit/index.ts';
import type { FormSummary } from './api.ts';
import { formDesignerMessages } from './messages.ts';

type Status = FormSummary['status'];

const TONE: Record<Status, BadgeTone> = { draft: 'warning', published: 'success', deprecated: 'danger' };

export function FormStatusBadge({ status }: { status: Status }) {
  const t = useMessages(formDesignerMessages);
  return (
    <Badge tone={TONE[status]} data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}
