// The admin console's start page: a card per task, with a live figure where one tells the admin
// whether to look (open incidents, failed jobs, alerts, a restore waiting).
import { api } from '../api/client.ts';
import { useMessages } from '../i18n/react.tsx';
import { LinkCard, Page, type IconName, useLoad } from '../ui/index.ts';
import { Badge, type BadgeTone } from '../ui/kit/index.ts';
import { adminMessages } from './messages.ts';
import './admin.css';

type CardKey =
  | 'modules'
  | 'users'
  | 'departments'
  | 'roles'
  | 'outOfOffice'
  | 'incidents'
  | 'audit'
  | 'exportAlerts'
  | 'queues'
  | 'backup'
  | 'calendars'
  | 'scheduledRuns';

const CARDS: { key: CardKey; path: string; icon: IconName }[] = [
  { key: 'incidents', path: '/admin/incidents', icon: 'alert' },
  { key: 'modules', path: '/admin/modules', icon: 'puzzle' },
  { key: 'users', path: '/admin/users', icon: 'users' },
  { key: 'departments', path: '/admin/departments', icon: 'building' },
  { key: 'roles', path: '/admin/roles', icon: 'key' },
  { key: 'outOfOffice', path: '/admin/out-of-office', icon: 'calendar' },
  { key: 'audit', path: '/admin/audit', icon: 'history' },
  { key: 'exportAlerts', path: '/admin/export-alerts', icon: 'bell' },
  { key: 'queues', path: '/admin/queues', icon: 'activity' },
  { key: 'backup', path: '/admin/backup', icon: 'database' },
  { key: 'calendars', path: '/admin/calendars', icon: 'calendar' },
  { key: 'scheduledRuns', path: '/admin/scheduled-runs', icon: 'hourglass' },
];

/** Settles to null on failure: one unreachable figure must not hide the others. */
const quietly = <T,>(load: Promise<T>): Promise<T | null> => load.catch(() => null);

export default function AdminPage() {
  const t = useMessages(adminMessages);
  const figures = useLoad(async () => {
    const [modules, incidents, alerts, queues, restore, away] = await Promise.all([
      quietly(api.get('/api/modules')),
      quietly(api.get('/api/incidents')),
      quietly(api.get('/api/audit', { query: { action: 'alert.abnormal-export', limit: 100 } })),
      quietly(api.get('/api/admin/queues')),
      quietly(api.get('/api/admin/restore')),
      quietly(api.get('/api/out-of-office/all')),
    ]);
    const out: Partial<Record<CardKey, { text: string; tone: BadgeTone }>> = {};
    if (modules) {
      const enabled = modules.items.filter((m) => m.enabled).length;
      const broken = modules.items.some((m) => m.status === 'broken');
      out.modules = {
        text: t('card.modules.figure', { enabled, total: modules.items.length }),
        tone: broken ? 'danger' : 'neutral',
      };
    }
    if (incidents)
      out.incidents = {
        text: t('card.incidents.figure', { n: incidents.items.length }),
        tone: incidents.items.length ? 'danger' : 'success',
      };
    if (alerts && alerts.items.length)
      out.exportAlerts = { text: t('card.exportAlerts.figure', { n: alerts.items.length }), tone: 'warning' };
    if (queues) {
      const failed = queues.queues.reduce((n, q) => n + q.failed, 0);
      out.queues = failed
        ? { text: t('card.queues.figure', { n: failed }), tone: 'danger' }
        : { text: t('ok'), tone: 'success' };
    }
    if (restore?.pending) out.backup = { text: t('card.backup.pending'), tone: 'warning' };
    if (away) {
      const n = away.items.filter((a) => a.active).length;
      if (n) out.outOfOffice = { text: t('card.outOfOffice.figure', { n }), tone: 'info' };
    }
    return out;
  }, [t]);

  return (
    <Page title={t('title')} intro={t('intro')}>
      <ul className="a-cards">
        {CARDS.map((card) => {
          const figure = figures.data?.[card.key];
          return (
            <li key={card.key}>
              <LinkCard
                to={card.path}
                top
                data-card={card.key}
                icon={card.icon}
                title={t(`card.${card.key}`)}
                text={t(`card.${card.key}.text`)}
              >
                {figure && (
                  <span className="a-card__figure">
                    <Badge tone={figure.tone}>{figure.text}</Badge>
                  </span>
                )}
              </LinkCard>
            </li>
          );
        })}
      </ul>
    </Page>
  );
}
