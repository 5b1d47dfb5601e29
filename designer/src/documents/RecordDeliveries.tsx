// A mailing record's delivery log (a form with `deliveryLog`: a campaign), from
// GET /records/:form/:id/deliveries: the counts by status as a filter, then each recipient's
// channel, status (why skipped or failed) and time, a page at a time. A recipient the reader may
// open is named and linked; the others are counted but not named.
import { useState } from 'react';
import { api, type ReplyOf } from '../api/client.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Link } from '../shell/router.tsx';
import { Button, dateTime, useLoad } from '../ui/index.ts';
import { Badge, LoadState, Section, Segmented, type BadgeTone } from '../ui/kit/index.ts';
import { documentMessages } from './messages.ts';
import type { RecordEnvelope } from './record-data.ts';

type LogPage = ReplyOf<'/api/records/{form}/{id}/deliveries', 'get'>;
type Status = LogPage['items'][number]['status'];
type Filter = Status | 'all';

const FILTERS: readonly Filter[] = ['all', 'sent', 'skipped', 'failed', 'unknown'];
const TONES: Record<Status, BadgeTone> = {
  sending: 'info',
  sent: 'success',
  skipped: 'neutral',
  failed: 'danger',
  unknown: 'warning',
};

export function RecordDeliveries({ record }: { record: RecordEnvelope }) {
  const t = useMessages(documentMessages);
  const { locale } = useLocale();
  const [filter, setFilter] = useState<Filter>('all');
  const [more, setMore] = useState<{ items: LogPage['items']; cursor: string | null } | null>(null);
  const first = useLoad(
    (signal) => {
      setMore(null);
      return api.get('/api/records/{form}/{id}/deliveries', {
        path: { form: record.form, id: record.id },
        query: filter === 'all' ? {} : { status: filter },
        signal,
      });
    },
    [record.form, record.id, record.rev, filter],
  );
  const [loadingMore, setLoadingMore] = useState(false);
  const page = first.data;
  const items = [...(page?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (page?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await api.get('/api/records/{form}/{id}/deliveries', {
        path: { form: record.form, id: record.id },
        query: { ...(filter === 'all' ? {} : { status: filter }), cursor },
      });
      setMore((prev) => ({ items: [...(prev?.items ?? []), ...next.items], cursor: next.nextCursor }));
    } finally {
      setLoadingMore(false);
    }
  };
  const count = (f: Filter) => (page ? (f === 'all' ? page.counts.total : page.counts[f]) : 0);
  return (
    <Section title={t('deliveries.title')} icon="send" id="record-deliveries">
      <div className="fd-deliveries__filter">
        <Segmented
          label={t('deliveries.filter')}
          items={FILTERS.map((f) => ({
            id: f,
            label: t('deliveries.count', { what: t(`deliveries.${f}`), n: count(f) }),
          }))}
          selected={filter}
          onSelect={setFilter}
        />
      </div>
      <LoadState state={first} failed={t('loading')}>
        {() => (
          <>
            {items.length === 0 ? (
              <p className="fd-muted">{t('deliveries.none')}</p>
            ) : (
              <ol className="fd-history fd-deliveries">
                {items.map((d) => (
                  <li
                    key={d.recipient}
                    className="fd-history__entry"
                    data-delivery={d.status}
                    data-recipient={d.recipient}
                  >
                    <p>
                      {d.title && page?.form ? (
                        <Link to={`/records/${page.form}/${d.recipient}`}>{d.title}</Link>
                      ) : (
                        t('deliveries.recipient')
                      )}{' '}
                      <Badge tone={TONES[d.status]}>{t(`deliveries.${d.status}`)}</Badge>
                    </p>
                    <p className="fd-muted">
                      {t(`deliveries.channel.${d.channel === 'sms' ? 'sms' : 'email'}`)}
                      {d.reason && ` · ${t(`deliveries.reason.${reasonKey(d.reason)}`)}`}
                    </p>
                    <time dateTime={d.at}>{dateTime(d.at, locale)}</time>
                  </li>
                ))}
              </ol>
            )}
            {cursor && (
              <Button onClick={() => void loadMore()} busy={loadingMore}>
                {t('deliveries.more')}
              </Button>
            )}
          </>
        )}
      </LoadState>
    </Section>
  );
}

function reasonKey(reason: string): 'opted-out' | 'no-address' | 'other' {
  return reason === 'opted-out' || reason === 'no-address' ? reason : 'other';
}
