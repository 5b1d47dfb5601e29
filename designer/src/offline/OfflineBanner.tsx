// The strip above every page that says, while the server cannot be reached, that what shows is
// this device's copy (and from when), and exactly what is waiting to be sent; once the server is
// back, that the queue is being sent, and afterwards which requests the server refused. It also
// owns the sending: mounted once in the frame, so the queue goes out from whichever page is open.
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { dateTime } from '../ui/format.ts';
import { Icon } from '../ui/icons.tsx';
import { useReachability } from './connectivity.ts';
import { offlineMessages } from './messages.ts';
import { useOutbox } from './outbox.ts';
import './offline.css';

export function OfflineBanner() {
  const t = useMessages(offlineMessages);
  const { locale } = useLocale();
  const me = useMe();
  const { reachable, savedAt } = useReachability();
  const { items, sending } = useOutbox(me.user.id);
  const queued = items.filter((i) => i.state === 'queued').length;
  const refused = items.filter((i) => i.state === 'refused').length;
  if (reachable && sending === 0 && refused === 0) return null;
  return (
    <div
      className="f-offline"
      role="status"
      aria-live="polite"
      data-state={reachable ? (sending ? 'sending' : 'refused') : 'offline'}
    >
      <Icon name={reachable ? 'alert' : 'clock'} size={18} />
      <div className="f-offline__text">
        {!reachable && (
          <p>{savedAt ? t('offlineSaved', { when: dateTime(savedAt, locale) }) : t('offline')}</p>
        )}
        {!reachable && queued > 0 && (
          <p className="f-offline__queued">
            {queued === 1 ? t('queuedOne') : t('queuedMany', { n: queued })}
          </p>
        )}
        {reachable && sending > 0 && <p>{t('sending', { n: sending })}</p>}
        {refused > 0 && (
          <p>
            {refused === 1 ? t('refusedOne') : t('refusedMany', { n: refused })}{' '}
            <Link to="/requests/mine">{t('review')}</Link>
          </p>
        )}
      </div>
    </div>
  );
}
