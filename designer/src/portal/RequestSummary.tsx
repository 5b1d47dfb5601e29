// A request's summary as approvers read it before deciding: the title and the amount first, then
// a few key fields. `SummaryLine` is the compact form of list rows, the bulk-approval dialog and
// "my requests"; `SummaryCard` heads the task and request pages (on a phone, before anything else).
import type { ReactNode } from 'react';
import { useLocalized, useMessages } from '../i18n/react.tsx';
import type { Summary } from './approval-views.ts';
import { approverMessages } from './approver-messages.ts';
import './summary.css';

/** "Taxi to the airport · ¥1,286.50 · Transport" (the amount as the server formats it, exact). */
export function SummaryLine({ summary, fields = 2 }: { summary: Summary | undefined; fields?: number }) {
  const localized = useLocalized();
  if (!summary || (!summary.title && !summary.amount && summary.fields.length === 0)) return null;
  const extra = summary.fields.slice(0, fields).map((f) => localized(f.text));
  return (
    <span className="fp-sum">
      {summary.title && <span className="fp-sum__title">{summary.title}</span>}
      {summary.amount && (
        <span className="fp-sum__amount" data-amount={summary.amount.value}>
          {summary.amount.text}
        </span>
      )}
      {extra.filter(Boolean).map((text, i) => (
        <span key={i} className="fp-sum__field">
          {text}
        </span>
      ))}
    </span>
  );
}

export function SummaryCard({
  summary,
  heading,
  meta,
  children,
  className,
}: {
  summary: Summary | undefined;
  /** More classes for the card (the request page's "where it stands" part). */
  className?: string;
  /** What kind of request it is ("Expense claim"). */
  heading: string;
  meta?: ReactNode;
  children?: ReactNode;
}) {
  const t = useMessages(approverMessages);
  const localized = useLocalized();
  return (
    <section
      className={`f-card fp-sumcard${className ? ` ${className}` : ''}`}
      aria-label={t('summary.region')}
    >
      <p className="fp-sumcard__kind">{heading}</p>
      <h2 className="fp-sumcard__title">{summary?.title || heading}</h2>
      {summary?.amount && (
        <p className="fp-sumcard__amount">
          <span className="fp-sumcard__label">{localized(summary.amount.label)}</span>
          <strong data-amount={summary.amount.value}>{summary.amount.text}</strong>
        </p>
      )}
      {summary && summary.fields.length > 0 && (
        <dl className="fp-sumcard__fields">
          {summary.fields.map((f) => (
            <div key={f.field}>
              <dt>{localized(f.label)}</dt>
              <dd>{localized(f.text)}</dd>
            </div>
          ))}
        </dl>
      )}
      {meta && <div className="fp-sumcard__meta">{meta}</div>}
      {children}
    </section>
  );
}
