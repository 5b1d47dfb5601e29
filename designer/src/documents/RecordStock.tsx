// Beside a record whose form declares a stock panel (views.json detail.stock — an item, or an
// item's batch): its stock per warehouse and, for a batch, its trace from the stock ledger — where
// it came from (a receipt and its supplier) and where it went (deliveries and their customers,
// transfers) — GET /api/stock/balance and /api/stock/trace. People who may not read stock (403)
// do not see the panel.
import type { FormDefinition } from '#schemas/generated/index.ts';
import { api, type ReplyOf } from '../api/client.ts';
import { useLocalized, useMessages } from '../i18n/react.tsx';
import { Link } from '../shell/router.tsx';
import { useLoad } from '../ui/index.ts';
import { LoadState, Section } from '../ui/kit/index.ts';
import { documentMessages } from './messages.ts';
import type { RecordEnvelope } from './record-data.ts';

type Trace = ReplyOf<'/api/stock/trace', 'get'>;
type Movement = Trace['cameIn'][number];
type Panel = NonNullable<FormDefinition['stockPanel']>;

/** The text at a record path (`data.code`) of a record, if it is one. */
function valueAt(record: RecordEnvelope, path: string): string | undefined {
  let at: unknown = { data: record.data };
  for (const key of path.split('.')) at = (at as Record<string, unknown> | undefined)?.[key];
  return typeof at === 'string' && at ? at : undefined;
}

export function RecordStock({ record, panel }: { record: RecordEnvelope; panel: Panel }) {
  const item = valueAt(record, panel.item);
  const batch = panel.batch ? valueAt(record, panel.batch) : undefined;
  if (!item) return null;
  return batch ? <BatchStock item={item} batch={batch} /> : <ItemStock item={item} />;
}

function ItemStock({ item }: { item: string }) {
  const t = useMessages(documentMessages);
  const bins = useLoad((signal) => api.get('/api/stock/balance', { query: { item }, signal }), [item]);
  if (bins.error?.status === 403) return null;
  return (
    <Section title={t('section.stock')} icon="database">
      <LoadState state={bins} failed={t('loading')}>
        {({ items }) => <OnHand rows={items} />}
      </LoadState>
    </Section>
  );
}

function BatchStock({ item, batch }: { item: string; batch: string }) {
  const t = useMessages(documentMessages);
  const trace = useLoad(
    (signal) => api.get('/api/stock/trace', { query: { batch, item }, signal }),
    [item, batch],
  );
  if (trace.error?.status === 403) return null;
  return (
    <Section title={t('section.stock')} icon="database">
      <LoadState state={trace} failed={t('loading')}>
        {({ onHand, cameIn, wentOut }) => (
          <>
            <OnHand rows={onHand} />
            <Movements title={t('stock.cameIn')} kind="in" movements={cameIn} />
            <Movements title={t('stock.wentOut')} kind="out" movements={wentOut} />
          </>
        )}
      </LoadState>
    </Section>
  );
}

/** What is on hand per warehouse (and, from the bins, what is projected). */
function OnHand({ rows }: { rows: Array<{ warehouse: string; qty: string; projected?: string }> }) {
  const t = useMessages(documentMessages);
  if (rows.length === 0) return <p className="fd-muted">{t('stock.none')}</p>;
  return (
    <ul className="fd-postings fd-stock">
      {rows.map((b) => (
        <li key={b.warehouse} data-warehouse={b.warehouse}>
          <span className="fd-postings__what">{b.warehouse}</span>
          <span className="fd-postings__amount" data-qty={b.qty}>
            {t('stock.onHand', { qty: b.qty })}
          </span>
          {b.projected !== undefined && (
            <span className="fd-muted" data-projected={b.projected}>
              {t('stock.projected', { qty: b.projected })}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function Movements({ title, kind, movements }: { title: string; kind: string; movements: Movement[] }) {
  const t = useMessages(documentMessages);
  const localized = useLocalized();
  return (
    <>
      <h3 className="fd-subtitle">{title}</h3>
      {movements.length === 0 ? (
        <p className="fd-muted">{t('stock.noMovement')}</p>
      ) : (
        <ul className="fd-postings" data-trace={kind}>
          {movements.map((m, i) => {
            const form = typeof m.source.form === 'string' ? m.source.form : undefined;
            const id = String(m.source.id);
            const name = m.document ?? id;
            return (
              <li key={`${id}-${m.warehouse}-${i}`} data-document={id} data-warehouse={m.warehouse}>
                <span className="fd-postings__what">
                  {form ? <Link to={`/records/${form}/${id}`}>{name}</Link> : name}
                  <span className="fd-muted">
                    {' '}
                    · {m.formName ? `${localized(m.formName as { en: string; 'zh-CN': string })} · ` : ''}
                    {m.warehouse} · {m.postingDate}
                  </span>
                </span>
                <span className="fd-postings__amount">{m.qty}</span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
