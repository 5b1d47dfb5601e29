// What a bulk approval approves, one line per request — its title, its amount, the step and who
// asked — and the total when every amount is in one currency (exact decimals: big.js, the same
// formatting as the server's).
import Big from 'big.js';
import { formatAmount } from '#engine/core/approvals/summary.ts';
import { useMessages } from '../i18n/react.tsx';
import { summaryOf } from './approval-views.ts';
import { approverMessages } from './approver-messages.ts';
import type { InboxItem } from './data.ts';
import { SummaryLine } from './RequestSummary.tsx';

/** The sum of the amounts, or null when some has none or they are in several currencies. */
function totalOf(items: InboxItem[]): string | null {
  const amounts = items.map((i) => summaryOf(i)?.amount);
  if (amounts.length < 2 || amounts.some((a) => !a)) return null;
  const currency = amounts[0]!.currency;
  if (amounts.some((a) => a!.currency !== currency)) return null;
  try {
    const sum = amounts.reduce((acc, a) => acc.plus(new Big(a!.value)), new Big(0));
    return formatAmount(sum.toString(), currency);
  } catch {
    return null;
  }
}

export function BulkApproveList({
  items,
  requestName,
}: {
  items: InboxItem[];
  requestName: (item: InboxItem) => string;
}) {
  const t = useMessages(approverMessages);
  const total = totalOf(items);
  return (
    <>
      <ul className="fp-bulk-list">
        {items.map((i) => (
          <li key={i.id} data-task={i.id}>
            <SummaryLine summary={summaryOf(i)} fields={1} />
            <span className="fp-bulk-list__meta">
              {requestName(i)} · {i.name}
              {i.requesterName && ` · ${i.requesterName}`}
            </span>
          </li>
        ))}
      </ul>
      {total && <p className="fp-bulk-total">{t('bulk.total', { amount: total })}</p>}
    </>
  );
}
