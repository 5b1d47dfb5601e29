// A one-tap entry in the catalogue (a module entry with `tap`, e.g. HR's check-in): one button
// submits the entry at once — no form. Who and when are the server's (the record's owner and its
// creation time, shown back from the reply); the device's position goes into the entry's
// location fields when the browser gives it, and the tap still counts without one. Beside the
// button, what the entry names under `show` (today's shift, the last check-in): the newest of the
// tapper's records of each form. Part of the portal's first load: kept small.
// Offline, the tap waits in the outbox (offline/outbox.ts) with the time it was tapped, and is
// sent with it when the server is back: the server takes that time within the entry's window
// (`tap.tappedAt`; decision 0033), or refuses the tap with a reason the outbox keeps.
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { asApiError } from '../api/errors.ts';
import { reachability } from '../offline/connectivity.ts';
import { enqueue, newKey } from '../offline/outbox.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { useMe } from '../shell/session.tsx';
import { Alert, Button, dateTime, Icon, todayIso, useLoad } from '../ui/index.ts';
import type { CatalogueEntry } from './data.ts';
import { portalMessages } from './messages.ts';

const POSITION_WAIT_MS = 8000;
const DATE_TIME = /^\d{4}-\d\d-\d\dT/;

/** The device's position, or null when the browser has none or the person refused it. */
function currentPosition(): Promise<GeolocationPosition | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(resolve, () => resolve(null), {
      enableHighAccuracy: true,
      timeout: POSITION_WAIT_MS,
      maximumAge: 60_000,
    }),
  );
}

/** The value at a record path (`createdAt`, `data.shift`) of a record as the API returns it. */
function pathValue(record: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((cur, part) => (cur as Record<string, unknown> | null)?.[part], record);
}

export function TapEntry({ entry }: { entry: CatalogueEntry }) {
  const t = useMessages(portalMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const me = useMe();
  const tap = entry.tap!;
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'error' | 'info'; text: string } | null>(null);

  const shown = useLoad(
    (signal) =>
      Promise.all(
        (tap.show ?? []).map(async (show) => {
          const where = {
            [show.mine ?? 'owner']: me.user.id,
            ...(show.today ? { [show.today]: todayIso() } : {}),
          };
          const page = await api
            .post('/api/records/{form}/query', {
              path: { form: show.form },
              body: { where, sort: [{ field: 'createdAt', direction: 'desc' }], limit: 1 },
              signal,
            })
            .catch(() => ({ items: [] }));
          const row = page.items[0] as Record<string, unknown> | undefined;
          const value = row && (show.value ? pathValue(row, show.value) : row.title || row.id);
          const text =
            typeof value === 'string' && DATE_TIME.test(value)
              ? dateTime(value, locale)
              : String(value ?? '');
          return { label: localized(show.label), text };
        }),
      ),
    [entry.id, me.user.id, locale],
  );

  // A queued tap sent meanwhile (by the banner's outbox): the card shows it as the last one.
  const reload = shown.reload;
  useEffect(() => {
    window.addEventListener('forma:request-sent', reload);
    return () => window.removeEventListener('forma:request-sent', reload);
  }, [reload]);

  /** Keeps the tap on this device with the time it was tapped (only if the entry takes it). */
  const queue = async (key: string, data: Record<string, number>, tappedAt: string) => {
    await enqueue({
      key,
      userId: me.user.id,
      entry: entry.id,
      name: { en: entry.name.en, 'zh-CN': entry.name['zh-CN'] || entry.name.en },
      data,
      ...(tap.tappedAt ? { tappedAt } : {}),
    });
    setResult({
      tone: 'info',
      text: t(tap.tappedAt ? 'tap.queued' : 'tap.queuedNoTime', {
        when: dateTime(tappedAt, locale),
        hours: tap.tappedAt?.maxAgeHours ?? 72,
      }),
    });
  };

  const press = async () => {
    setBusy(true);
    setResult(null);
    const tappedAt = new Date().toISOString();
    const key = newKey();
    const where = tap.location ? await currentPosition() : null;
    const data: Record<string, number> = {};
    if (where && tap.location) {
      data[tap.location.latitude] = where.coords.latitude;
      data[tap.location.longitude] = where.coords.longitude;
      if (tap.location.accuracy) data[tap.location.accuracy] = Math.round(where.coords.accuracy);
    }
    try {
      if (!reachability().reachable) return await queue(key, data, tappedAt);
      const reply = await api.post('/api/catalogue/{entry}/submit', {
        path: { entry: entry.id },
        body: { data },
        headers: { 'idempotency-key': key },
      });
      const at = String((reply.record as { createdAt?: string }).createdAt ?? '');
      setResult({
        tone: 'success',
        text: t(where ? 'tap.doneHere' : 'tap.done', { when: at ? dateTime(at, locale) : '' }),
      });
      shown.reload();
    } catch (e) {
      const error = asApiError(e);
      // Lost on the way (the reply too, maybe): queued under the same key, so it is made once.
      if (error.code === 'NETWORK_ERROR' || error.code === 'OFFLINE' || error.status >= 502)
        return await queue(key, data, tappedAt);
      setResult({ tone: 'error', text: error.text(locale) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fp-tap" data-entry={entry.id}>
      <div className="fp-tap__head">
        <Icon name="clock" />
        <div>
          <strong>{localized(entry.name)}</strong>
          {entry.description && <p className="fp-muted">{localized(entry.description)}</p>}
        </div>
      </div>
      {(shown.data ?? []).length > 0 && (
        <dl className="fp-tap__shown">
          {shown.data!.map((s, i) => (
            <div key={i} data-shown={i}>
              <dt>{s.label}</dt>
              <dd>{s.text || t('tap.none')}</dd>
            </div>
          ))}
        </dl>
      )}
      <Button variant="primary" block busy={busy} onClick={() => void press()} data-tap={entry.id}>
        {localized(entry.name)}
      </Button>
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
    </div>
  );
}
