// Out of office: name someone who receives my new approval tasks ("on behalf of" me) from one day
// to another; see and end what is set.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { Alert, Button, Icon, Page, Spinner, TextField, dateOnly, todayIso, useLoad } from '../ui/index.ts';
import { useUserNames } from './data.ts';
import { portalMessages } from './messages.ts';
import { outOfOfficeMessages } from './out-of-office-messages.ts';
import { UserPicker } from './UserPicker.tsx';
import './portal.css';
import './out-of-office.css';

/** A date as the user means it: from their local midnight (an ISO instant the server takes as is). */
function localMidnight(isoDate: string, plusDays = 0): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The last day of a range whose end is exclusive (the next day's midnight). */
const lastDay = (to: string): string => todayIso(new Date(Date.parse(to) - 1));

export default function OutOfOfficePage() {
  const t = useMessages(outOfOfficeMessages);
  const tp = useMessages(portalMessages);
  const { locale } = useLocale();
  const me = useMe();
  const current = useLoad((signal) => api.get('/api/out-of-office', { signal }), []);
  const [proxy, setProxy] = useState<string[]>([]);
  const [from, setFrom] = useState(todayIso());
  const [to, setTo] = useState(todayIso(new Date(Date.now() + 7 * 86_400_000)));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const item = current.data?.item ?? null;
  const name = useUserNames([item?.proxy]);
  // Editing starts from what is set.
  useEffect(() => {
    if (!item) return;
    setProxy([item.proxy]);
    setFrom(todayIso(new Date(item.from)));
    setTo(lastDay(item.to));
    setNote(item.note ?? '');
  }, [item]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(null);
    const dates = /^\d{4}-\d{2}-\d{2}$/;
    if (!proxy[0] || !dates.test(from) || !dates.test(to)) {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      await api.put('/api/out-of-office', {
        // Whole days in the user's time zone: from the first day's midnight to the one after the last.
        body: {
          proxy: proxy[0],
          from: localMidnight(from),
          to: localMidnight(to, 1),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      });
      setSaved(t('away.saved'));
      current.reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const clear = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.delete('/api/out-of-office');
      setSaved(t('away.cleared'));
      current.reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (path: string) => (error ? error.fieldErrors(locale)[path] : undefined);

  return (
    <Page
      title={t('away.title')}
      intro={t('away.intro')}
      actions={
        <Link className="f-btn f-btn--ghost" to="/inbox">
          <Icon name="back" />
          {tp('task.back')}
        </Link>
      }
    >
      {saved && <Alert tone="success">{saved}</Alert>}
      {current.loading && !current.data && <Spinner label={tp('loading')} />}
      {item && (
        <div className="f-card fp-away-now">
          <p>
            <strong>
              {item.active
                ? t('away.activeNow', { name: name(item.proxy) })
                : t('away.planned', { name: name(item.proxy) })}
            </strong>
          </p>
          <p className="fp-muted">
            {t('away.range', { from: dateOnly(item.from, locale), to: dateOnly(lastDay(item.to), locale) })}
            {item.note && ` · ${item.note}`}
          </p>
          <Button variant="danger" busy={busy} onClick={() => void clear()}>
            {t('away.clear')}
          </Button>
        </div>
      )}
      <form className="f-card f-narrow fp-away-form" onSubmit={(e) => void save(e)} noValidate>
        <h2 className="fp-section-title">{item ? t('away.change') : t('away.set')}</h2>
        {error && <Alert tone="error">{error.text(locale)}</Alert>}
        <UserPicker
          label={t('away.proxy')}
          values={proxy}
          onChange={(v) => {
            setProxy(v);
            setMissing(false);
          }}
          exclude={[me.user.id]}
          error={missing && !proxy[0] ? t('away.proxyMissing') : fieldError('/proxy')}
        />
        <div className="fp-away-dates">
          <TextField
            label={t('away.from')}
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            error={missing && !from ? t('away.dateMissing') : fieldError('/from')}
            required
          />
          <TextField
            label={t('away.to')}
            type="date"
            value={to}
            min={from}
            onChange={(e) => setTo(e.target.value)}
            error={missing && !to ? t('away.dateMissing') : fieldError('/to')}
            required
          />
        </div>
        <TextField
          label={t('away.note')}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="submit" variant="primary" icon="plane" busy={busy}>
          {t('away.save')}
        </Button>
      </form>
    </Page>
  );
}
