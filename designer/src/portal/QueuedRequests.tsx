// My requests that have not reached the server yet (offline/outbox.ts): queued ones, sent by
// themselves when it is back, and refused ones with the server's words and the fields it named,
// to fix (the new-request page opens with the data) or discard.
import { useLocale, useMessages } from '../i18n/react.tsx';
import { discard, type QueuedRequest } from '../offline/outbox.ts';
import { Link } from '../shell/router.tsx';
import { Alert, Button, Icon, dateTime } from '../ui/index.ts';
import { portalMessages } from './messages.ts';

export function QueuedRequests({ items }: { items: QueuedRequest[] }) {
  const t = useMessages(portalMessages);
  const { locale } = useLocale();
  if (items.length === 0) return null;
  const zh = locale === 'zh-CN';
  return (
    <section className="fp-queue" aria-labelledby="fp-queue-title">
      <h2 id="fp-queue-title" className="fp-queue__title">
        {t('queue.title')}
      </h2>
      <ul className="fp-list">
        {items.map((q) => (
          <li key={q.key} className="fp-row fp-queue__item" data-queued={q.key} data-state={q.state}>
            <span className="fp-row__main">
              <span className="fp-row__title">
                {(zh && q.name['zh-CN']) || q.name.en}
                {typeof q.data.title === 'string' && q.data.title && ` · ${q.data.title}`}
              </span>
              {q.state === 'queued' ? (
                <span className="fp-row__meta">
                  <Icon name="clock" size={16} /> {t('queue.queued', { when: dateTime(q.queuedAt, locale) })}
                </span>
              ) : (
                <Alert tone="error">
                  <strong>{t('queue.refused')}:</strong> {zh ? q.error?.messageZh : q.error?.message}
                  {(q.error?.details.length ?? 0) > 0 && (
                    <ul>
                      {q.error!.details.map((d) => (
                        <li key={`${d.path}:${d.message}`}>
                          <code>{d.path}</code> {zh ? (d.messageZh ?? d.message) : d.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </Alert>
              )}
            </span>
            {q.state === 'refused' && (
              <span className="fp-queue__actions">
                <Link
                  className="f-btn f-btn--primary"
                  to={`/requests/new/${encodeURIComponent(q.entry)}?outbox=${encodeURIComponent(q.key)}`}
                >
                  {t('queue.fix')}
                </Link>
                <Button variant="ghost" icon="trash" onClick={() => void discard(q.key)}>
                  {t('queue.discard')}
                </Button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
