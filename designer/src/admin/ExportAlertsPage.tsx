// Admin → Export alerts: the abnormal-export alerts the records service raises (one user exporting
// more rows than EXPORT_ALERT_ROWS within the window) — recorded in the audit log as
// `alert.abnormal-export`, sent to the admins' notification centre — with a link to that user's
// exports in the audit log.
import { api, type ReplyOf } from '../api/client.ts';
import { useMessages } from '../i18n/react.tsx';
import { Link } from '../shell/router.tsx';
import { Button, Page, useFormat, useLoad } from '../ui/index.ts';
import { Badge, LoadState } from '../ui/kit/index.ts';
import { adminMessages } from './messages.ts';
import { opsMessages } from './ops-messages.ts';
import './admin.css';

type Entry = ReplyOf<'/api/audit', 'get'>['items'][number];

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);

export default function ExportAlertsPage() {
  const t = useMessages(opsMessages);
  const ta = useMessages(adminMessages);
  const format = useFormat();
  const alerts = useLoad(
    async () =>
      (await api.get('/api/audit', { query: { action: 'alert.abnormal-export', limit: 100 } })).items,
  );
  const exportsOf = (e: Entry) =>
    `/admin/audit?${new URLSearchParams({ action: 'record.export', ...(e.actor ? { actor: e.actor.userId } : {}) })}`;
  const form = (e: Entry) => e.resource.replace(/^record:/, '');

  return (
    <Page
      title={t('alerts.title')}
      intro={t('alerts.intro')}
      actions={
        <Button icon="redo" onClick={alerts.reload}>
          {ta('refresh')}
        </Button>
      }
    >
      <LoadState state={alerts}>
        {(items) =>
          items.length === 0 ? (
            <p className="a-empty">{t('alerts.none')}</p>
          ) : (
            <ul className="a-items">
              {items.map((e) => {
                const rows = num(e.details?.rows);
                return (
                  <li key={e.id} className="a-item" data-alert={e.id}>
                    <div className="a-item__head">
                      <h2 className="a-item__title">{e.actor?.login ?? t('audit.system')}</h2>
                      <Badge tone="warning">{t('alerts.rows', { rows: format.number(rows) })}</Badge>
                    </div>
                    <p className="a-item__text">
                      {t('alerts.summary', {
                        rows: format.number(rows),
                        minutes: Math.round(num(e.details?.windowMs) / 60_000),
                        threshold: format.number(num(e.details?.threshold)),
                      })}
                    </p>
                    <dl className="a-facts">
                      <dt>{t('alerts.when')}</dt>
                      <dd>{format.dateTime(e.at)}</dd>
                      <dt>{t('alerts.form')}</dt>
                      <dd className="a-mono">{form(e)}</dd>
                    </dl>
                    <div className="a-item__actions">
                      <Link className="f-btn f-btn--secondary" to={exportsOf(e)}>
                        {t('alerts.exports')}
                      </Link>
                    </div>
                  </li>
                );
              })}
            </ul>
          )
        }
      </LoadState>
    </Page>
  );
}
