// Pieces the request and task pages share: who holds a request now, the timeline
// (who did what, when, with which comment and files) and attachment links.
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Icon, type IconName, dateTime } from '../ui/index.ts';
import {
  fileHref,
  fileSize,
  useUserNames,
  type Attachment,
  type RequestDetail,
  type TimelineEntry,
} from './data.ts';
import { portalMessages, type PortalKey } from './messages.ts';
import './timeline.css';

/** "Manager approval — Wu Hao" for each open step. */
export function CurrentSteps({ request }: { request: Pick<RequestDetail, 'currentSteps' | 'status'> }) {
  const t = useMessages(portalMessages);
  if (request.currentSteps.length === 0) return null;
  return (
    <ul className="fp-steps">
      {request.currentSteps.map((step) => (
        <li key={step.taskId ?? step.elementId} className="fp-steps__step">
          <Icon name="hourglass" size={16} />
          <span>
            <span className="fp-steps__name">{step.name}</span>
            {step.holderNames && step.holderNames.length > 0 && (
              <span className="fp-steps__holders">
                {t('request.heldBy', { names: step.holderNames.join(', ') })}
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

const PICTURE = /\.(png|jpe?g|gif|webp|avif|bmp)$/i;
const isPictureName = (a: Attachment): boolean =>
  a.contentType ? a.contentType.startsWith('image/') : PICTURE.test(a.name);

/** Attached files: a link each, pictures previewed in place. */
export function AttachmentList({ items, requestId }: { items: Attachment[]; requestId?: string }) {
  return (
    <ul className="fp-attachments">
      {items.map((a, i) => {
        const href = fileHref(a.ref, requestId);
        return (
          <li key={`${a.ref}-${i}`}>
            <Icon name="paperclip" size={16} />
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer">
                {a.name}
              </a>
            ) : (
              <span>{a.name}</span>
            )}
            {a.size !== undefined && <span className="fp-attachments__size">{fileSize(a.size)}</span>}
            {href && isPictureName(a) && (
              <a href={href} target="_blank" rel="noopener noreferrer" className="fp-attachments__preview">
                <img src={href} alt={a.name} loading="lazy" />
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}

const ACTION_ICON: Record<string, IconName> = {
  submitted: 'send',
  approve: 'check',
  'auto-approve': 'check',
  reject: 'close',
  return: 'undo',
  resubmit: 'send',
  transfer: 'transfer',
  delegate: 'transfer',
  'delegate-resolve': 'check',
  'add-signer-before': 'userPlus',
  'add-signer-after': 'userPlus',
  claim: 'user',
  unclaim: 'users',
  cc: 'users',
  comment: 'message',
  attach: 'paperclip',
  recall: 'undo',
  escalate: 'alert',
  skip: 'forward',
  completed: 'check',
  cancelled: 'close',
  incident: 'alert',
  'incident-resolved': 'check',
};

const ACTION_TONE: Record<string, string> = {
  approve: 'good',
  'auto-approve': 'good',
  completed: 'good',
  reject: 'bad',
  return: 'warn',
  recall: 'warn',
  escalate: 'warn',
  incident: 'warn',
  cancelled: 'neutral',
};

/** The label of a timeline action (the outcome decides what "completed" means). */
function actionKey(entry: TimelineEntry): PortalKey | null {
  const action =
    entry.action === 'completed' && entry.outcome === 'rejected'
      ? 'completed-rejected'
      : entry.action === 'complete'
        ? 'approve'
        : entry.action;
  const key = `timeline.${action}`;
  return key in portalMessages.en ? (key as PortalKey) : null;
}

export function Timeline({ entries, requestId }: { entries: TimelineEntry[]; requestId?: string }) {
  const t = useMessages(portalMessages);
  const { locale } = useLocale();
  const name = useUserNames(entries.flatMap((e) => [e.by, e.onBehalfOf, ...(e.users ?? [])]));
  return (
    <ol className="fp-timeline">
      {entries.map((entry, i) => {
        const key = actionKey(entry);
        const users = (entry.users ?? []).map(name).join(', ');
        return (
          <li
            key={`${entry.at}-${i}`}
            className={`fp-timeline__entry fp-timeline__entry--${ACTION_TONE[entry.action] ?? 'plain'}`}
            data-action={entry.action}
          >
            <span className="fp-timeline__dot" aria-hidden="true">
              <Icon name={ACTION_ICON[entry.action] ?? 'info'} size={14} />
            </span>
            <div className="fp-timeline__body">
              <p className="fp-timeline__what">
                <strong>{entry.by ? name(entry.by) : t('timeline.system')}</strong>{' '}
                {key ? t(key, { users }) : entry.action}
                {entry.onBehalfOf && (
                  <span className="fp-timeline__behalf">
                    {' '}
                    {t('timeline.onBehalfOf', { name: name(entry.onBehalfOf) })}
                  </span>
                )}
              </p>
              <p className="fp-timeline__meta">
                <time dateTime={entry.at}>{dateTime(entry.at, locale)}</time>
                {entry.stepName && <span> · {entry.stepName}</span>}
              </p>
              {entry.comment && <blockquote className="fp-timeline__comment">{entry.comment}</blockquote>}
              {entry.attachments && entry.attachments.length > 0 && (
                <AttachmentList items={entry.attachments} {...(requestId ? { requestId } : {})} />
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
