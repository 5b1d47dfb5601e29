// Beside a record's form: its timeline (the approval it went through — with comments and
// attachments, as the request page shows it — and every change of the record: who, when, what),
// the documents that link to it, and what it posted to the ledgers.
import type { FormDefinition } from '#schemas/generated/index.ts';
import { fieldPathOfPointer } from '#engine/core/forms/field-index.ts';
import { api } from '../api/client.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Timeline } from '../portal/parts.tsx';
import { useUserNames } from '../portal/data.ts';
import { Link } from '../shell/router.tsx';
import { Icon, dateTime, useLoad } from '../ui/index.ts';
import { LoadState, Section } from '../ui/kit/index.ts';
import { DocstatusBadge } from './DocstatusBadge.tsx';
import { documentMessages, type DocumentKey } from './messages.ts';
import type { HistoryEntry, RecordEnvelope, RequestDetail } from './record-data.ts';

export function RecordTimeline({
  history,
  request,
  definition,
}: {
  history: HistoryEntry[];
  request: RequestDetail | null;
  definition: FormDefinition;
}) {
  const t = useMessages(documentMessages);
  const { locale } = useLocale();
  const localized = useLocalized();
  const name = useUserNames(history.map((h) => h.by));
  const fieldsOf = (entry: HistoryEntry) =>
    [...new Set(entry.changes.map((c) => fieldPathOfPointer(c.path).split('.')[0]!))]
      .map((f) => localized(definition.labels?.[f]) || f)
      .join(', ');
  const what = (entry: HistoryEntry): string => {
    if (entry.action === 'update') {
      const fields = fieldsOf(entry);
      return fields ? t('history.update', { fields }) : t('history.updateNone');
    }
    if (entry.action === 'status') {
      const status = (entry.meta?.status as { after?: string } | undefined)?.after;
      if ((entry.meta?.docstatus as { after?: string } | undefined)?.after === 'submitted')
        return t('history.submit');
      return t('history.status', { status: status ?? '' });
    }
    const key = `history.${entry.action}` as DocumentKey;
    return key in documentMessages.en ? t(key) : entry.action;
  };
  return (
    <Section title={t('section.timeline')} icon="history">
      {request && request.timeline && request.timeline.length > 0 && (
        <>
          <h3 className="fd-subtitle">{t('section.approval')}</h3>
          <Timeline entries={request.timeline} requestId={request.id} />
        </>
      )}
      <h3 className="fd-subtitle">{t('section.history')}</h3>
      <ol className="fd-history">
        {[...history].reverse().map((entry) => (
          <li key={entry.rev} className="fd-history__entry" data-action={entry.action}>
            <p>
              <strong>
                {entry.by.includes(':') || entry.by === 'system' ? t('history.system') : name(entry.by)}
              </strong>{' '}
              {what(entry)}
            </p>
            {typeof entry.meta?.reason === 'string' && (
              <blockquote className="fd-history__reason">{entry.meta.reason}</blockquote>
            )}
            <time dateTime={entry.at}>{dateTime(entry.at, locale)}</time>
          </li>
        ))}
      </ol>
    </Section>
  );
}

export function LinkedDocuments({ record }: { record: RecordEnvelope }) {
  const t = useMessages(documentMessages);
  const localized = useLocalized();
  const linked = useLoad(
    (signal) =>
      api.get('/api/records/{form}/{id}/linked', { path: { form: record.form, id: record.id }, signal }),
    [record.form, record.id, record.rev],
  );
  return (
    <Section title={t('section.linked')} icon="link">
      <LoadState state={linked} failed={t('loading')}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="fd-muted">{t('linked.none')}</p>
          ) : (
            items.map((group) => (
              <div key={group.form} className="fd-linked" data-form={group.form}>
                <h3 className="fd-subtitle">
                  {localized(group.name)} <span className="fd-count">{group.total}</span>
                </h3>
                <ul className="fd-linked__list">
                  {group.items.map((item) => (
                    <li key={item.id}>
                      <Link to={`/records/${group.form}/${item.id}`}>
                        {item.number ?? item.title ?? item.id}
                      </Link>
                      {item.number && item.title && <span className="fd-muted"> {item.title}</span>}{' '}
                      {item.docstatus && <DocstatusBadge docstatus={item.docstatus} />}
                    </li>
                  ))}
                </ul>
                {group.total > group.items.length && (
                  <p className="fd-muted">{t('linked.more', { n: group.total - group.items.length })}</p>
                )}
              </div>
            ))
          )
        }
      </LoadState>
    </Section>
  );
}

export function Postings({ record, canPrint }: { record: RecordEnvelope; canPrint: boolean }) {
  const t = useMessages(documentMessages);
  const localized = useLocalized();
  const postings = useLoad(
    (signal) =>
      api.get('/api/records/{form}/{id}/postings', { path: { form: record.form, id: record.id }, signal }),
    [record.form, record.id, record.rev],
  );
  const numberOf = (id: string | undefined) =>
    postings.data?.items.find((p) => p.entryId === id)?.number ?? id ?? '';
  return (
    <Section title={t('section.postings')} icon="receipt">
      <LoadState state={postings} failed={t('loading')}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="fd-muted">{t('postings.none')}</p>
          ) : (
            <ul className="fd-postings">
              {items.map((p) => (
                <li key={p.entryId} data-reversal={p.reverses ? 'true' : undefined}>
                  <span className="fd-postings__what">
                    {localized(p.ledgerName)} {p.number} · {p.date}
                    {p.reverses && (
                      <span className="fd-muted">
                        {' '}
                        · {t('postings.reversal', { number: numberOf(p.reverses) })}
                      </span>
                    )}
                  </span>
                  <span className="fd-postings__amount">{p.amount}</span>
                  {canPrint && p.ledger === 'general-ledger' && (
                    <Link
                      className="fd-postings__print"
                      to={`/ledger/vouchers/${p.entryId}/print`}
                      aria-label={t('postings.print', { number: p.number ?? '' })}
                      title={t('postings.print', { number: p.number ?? '' })}
                    >
                      <Icon name="printer" size={18} />
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </Section>
  );
}
