// The roles to choose from, each with what kind it is and how many grants it has.
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Badge, Badges, Section } from '#designer/ui/kit/index.ts';
import type { Role } from '../directory.ts';
import { peopleMessages } from '../people-messages.ts';
import { revealDetail } from '../reveal-detail.ts';

export function RoleList({
  roles,
  selected,
  onSelect,
}: {
  roles: Role[];
  selected: string | null;
  onSelect(id: string): void;
}) {
  const t = useMessages(peopleMessages);
  const loc = useLocalized();
  return (
    <Section title={t('roles.list')} icon="key">
      <ul className="a-pick">
        {roles.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              data-role={r.id}
              aria-current={r.id === selected ? 'true' : undefined}
              onClick={() => {
                onSelect(r.id);
                revealDetail('a-detail');
              }}
            >
              <span>
                <strong>{loc(r.name)}</strong> <span className="a-muted a-mono">{r.id}</span>
              </span>
              <Badges>
                {r.system && <Badge tone="info">{t('roles.system')}</Badge>}
                {r.module && <Badge>{t('roles.module', { module: r.module })}</Badge>}
                <Badge>{t('roles.grants', { n: r.permissions.length })}</Badge>
              </Badges>
            </button>
          </li>
        ))}
      </ul>
    </Section>
  );
}
