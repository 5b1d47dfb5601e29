// What happened around a record, newest first (GET /records/:form/:id/timeline): its own logged
// changes and the records linking to it — a customer's follow-ups, its opportunities moving from
// stage to stage, its tickets and orders — each opening its record. The server leaves out what
// the reader may not open; a record nothing links to and nothing logs shows no such section.
import type { ReplyOf } from '../api/client.ts';
import { api } from '../api/client.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { useUserNames } from '../portal/data.ts';
import { Link } from '../shell/router.tsx';
import { dateOnly, dateTime, useLoad } from '../ui/index.ts';
import { Section } from '../ui/kit/index.ts';
import { DocstatusBadge } from './DocstatusBadge.tsx';
import { documentMessages } from './messages.ts';
import type { RecordEnvelope } from './record-data.ts';

type TimelineEvent = ReplyOf<'/api/records/{form}/{id}/timeline', 'get'>['items'][number];

export function RecordActivity({ record }: { record: RecordEnvelope }) {
  const t = useMessages(documentMessages);
  const { locale } = useLocale();
  const localized = useLocalized();
  const timeline = useLoad(
    (signal) =>
      api.get('/api/records/{form}/{id}/timeline', { path: { form: record.form, id: record.id }, signal }),
    [record.form, record.id, record.rev],
  );
  const events = timeline.data?.items ?? [];
  const name = useUserNames(events.map((e) => e.by));
  // Only its own creation: nothing has happened around it yet (most records' pages).
  if (!events.some((e) => !(e.self && e.kind === 'created'))) return null;
  const who = (by: string) => (by.includes(':') || by === 'system' ? t('history.system') : name(by));
  const value = (label: TimelineEvent['fromLabel'], raw: unknown) =>
    label ? localized(label) : raw === null || raw === undefined ? '—' : String(raw);
  const what = (e: TimelineEvent): string => {
    const form = [localized(e.formName), e.number].filter(Boolean).join(' ');
    if (e.kind === 'created')
      return e.self
        ? t('activity.created', { who: who(e.by) })
        : t('activity.createdOther', { who: who(e.by), form });
    const params = {
      who: who(e.by),
      field: e.fieldLabel ? localized(e.fieldLabel) : (e.field ?? ''),
      from: value(e.fromLabel, e.from),
      to: value(e.toLabel, e.to),
    };
    return e.self ? t('activity.changed', params) : t('activity.changedOther', { ...params, form });
  };
  return (
    <Section title={t('activity.title')} icon="history" id="record-activity">
      <ol className="fd-history fd-activity">
        {events.map((e) => (
          <li
            key={`${e.form}/${e.id}/${e.kind}/${e.at}/${e.field ?? ''}`}
            className="fd-history__entry"
            data-event={e.kind}
            data-form={e.form}
            data-record={e.id}
          >
            <p>{what(e)}</p>
            {!e.self && (
              <p>
                <Link to={`/records/${e.form}/${e.id}`}>{e.title ?? e.number ?? e.id}</Link>{' '}
                {e.docstatus && <DocstatusBadge docstatus={e.docstatus} />}
              </p>
            )}
            {/* A business date (a follow-up's day) as its form gives it, else when it was stored. */}
            {e.date ? (
              <time dateTime={e.date}>
                {e.date.length === 10 ? dateOnly(e.date, locale) : dateTime(e.date, locale)}
              </time>
            ) : (
              <time dateTime={e.at}>{dateTime(e.at, locale)}</time>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}
