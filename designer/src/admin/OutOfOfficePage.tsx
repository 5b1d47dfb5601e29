// Admin → Out of office: everyone away now or later, with their proxy and dates.
import { api, type ReplyOf } from '../api/client.ts';
import { useMessages } from '../i18n/react.tsx';
import { Button, Page, useFormat, useLoad } from '../ui/index.ts';
import { byId, loadAllUsers } from './directory.ts';
import { Badge, DataTable, LoadState, type Column } from '../ui/kit/index.ts';
import { adminMessages } from './messages.ts';
import { peopleMessages } from './people-messages.ts';
import './admin.css';

type Entry = ReplyOf<'/api/out-of-office/all', 'get'>['items'][number];

export default function OutOfOfficePage() {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const format = useFormat();
  const data = useLoad(async () => {
    const [entries, users] = await Promise.all([api.get('/api/out-of-office/all'), loadAllUsers()]);
    return { entries: entries.items, users: byId(users) };
  });

  return (
    <Page
      title={t('ooo.title')}
      intro={t('ooo.intro')}
      actions={
        <Button icon="redo" onClick={data.reload}>
          {ta('refresh')}
        </Button>
      }
    >
      <LoadState state={data}>
        {({ entries, users }) => {
          const name = (id: string) => users.get(id)?.displayName ?? id;
          const columns: Column<Entry>[] = [
            { key: 'user', label: t('ooo.user'), primary: true, render: (e) => name(e.userId) },
            { key: 'proxy', label: t('ooo.proxy'), render: (e) => name(e.proxy) },
            { key: 'from', label: t('ooo.from'), render: (e) => format.dateTime(e.from) },
            { key: 'to', label: t('ooo.to'), render: (e) => format.dateTime(e.to) },
            {
              key: 'state',
              label: t('ooo.state'),
              render: (e) =>
                e.active ? (
                  <Badge tone="warning">{t('ooo.now')}</Badge>
                ) : (
                  <Badge tone="info">{t('ooo.later')}</Badge>
                ),
            },
            { key: 'note', label: t('ooo.note'), render: (e) => e.note ?? '' },
          ];
          const sorted = [...entries].sort(
            (a, b) => Number(b.active) - Number(a.active) || a.from.localeCompare(b.from),
          );
          return <DataTable columns={columns} rows={sorted} rowKey={(e) => e.userId} empty={t('ooo.none')} />;
        }}
      </LoadState>
    </Page>
  );
}
