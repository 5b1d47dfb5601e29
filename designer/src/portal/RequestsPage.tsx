// The request catalogue: what I can start, from the enabled modules — recently used first, then by
// module — searchable in either language, with my unfinished drafts marked. Part of the portal's
// first load: keep its imports light (no form runtime here; the form opens on its own page).
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import { keepFormsForOffline } from '../offline/keep-forms.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import {
  EmptyState,
  Icon,
  LinkCard,
  LoadFailed,
  Page,
  SearchField,
  Spinner,
  type IconName,
  dateTime,
  useLoad,
} from '../ui/index.ts';
import { type CatalogueEntry } from './data.ts';
import { portalMessages } from './messages.ts';
import { TapEntry } from './TapEntry.tsx';
import './portal.css';

const RECENT = 4;

/** The icons modules name in their entries, drawn with ours. */
const ENTRY_ICONS: Record<string, IconName> = {
  receipt: 'receipt',
  invoice: 'file',
  leave: 'calendar',
  calendar: 'calendar',
  purchase: 'building',
  contract: 'paragraph',
  travel: 'plane',
  people: 'users',
  user: 'user',
};

interface Catalogue {
  entries: CatalogueEntry[];
  /** Entry id → when I last started one or saved a draft of it. */
  lastUsed: Map<string, string>;
  drafts: Map<string, string>;
}

async function loadCatalogue(signal: AbortSignal): Promise<Catalogue> {
  const [catalogue, drafts, mine] = await Promise.all([
    api.get('/api/catalogue', { signal }),
    api.get('/api/drafts', { signal }).catch(() => ({ items: [] })),
    api.get('/api/approvals/requests', { query: { limit: 100 }, signal }).catch(() => ({ items: [] })),
  ]);
  const lastUsed = new Map<string, string>();
  const use = (id: string, at: string) => {
    if ((lastUsed.get(id) ?? '') < at) lastUsed.set(id, at);
  };
  for (const request of mine.items)
    for (const entry of catalogue.items)
      if (entry.flow === request.processId) use(entry.id, request.startedAt);
  for (const draft of drafts.items) use(draft.key, draft.savedAt);
  return {
    entries: catalogue.items,
    lastUsed,
    drafts: new Map(drafts.items.map((d) => [d.key, d.savedAt])),
  };
}

export default function RequestsPage() {
  const t = useMessages(portalMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const { data, error, loading, reload } = useLoad(loadCatalogue, []);
  const [query, setQuery] = useState('');
  useEffect(() => {
    if (data)
      keepFormsForOffline(
        data.entries.map((e) => e.form),
        locale,
      );
  }, [data, locale]);

  const q = query.trim().toLowerCase();
  const matches = useMemo(() => {
    if (!data) return [];
    if (!q) return data.entries;
    // Both languages: a Chinese speaker may type "expense", an English speaker "报销".
    return data.entries.filter((e) =>
      [e.name, e.description, e.moduleName].some(
        (text) => text && (text.en.toLowerCase().includes(q) || text['zh-CN'].includes(query.trim())),
      ),
    );
  }, [data, q, query]);

  const recent = useMemo(
    () =>
      q || !data
        ? []
        : data.entries
            .filter((e) => data.lastUsed.has(e.id))
            .sort((a, b) => (data.lastUsed.get(b.id)! < data.lastUsed.get(a.id)! ? -1 : 1))
            .slice(0, RECENT),
    [data, q],
  );

  const modules = useMemo(() => {
    const groups = new Map<string, CatalogueEntry[]>();
    for (const e of matches) groups.set(e.module, [...(groups.get(e.module) ?? []), e]);
    return [...groups.values()];
  }, [matches]);

  const card = (entry: CatalogueEntry) => {
    const draft = data?.drafts.get(entry.id);
    if (entry.tap)
      return (
        <li key={entry.id}>
          <TapEntry entry={entry} />
        </li>
      );
    return (
      <li key={entry.id}>
        <LinkCard
          to={`/requests/new/${encodeURIComponent(entry.id)}`}
          data-entry={entry.id}
          icon={ENTRY_ICONS[entry.icon ?? ''] ?? 'requests'}
          title={localized(entry.name)}
          text={entry.description && localized(entry.description)}
          arrow
        >
          {draft && (
            <span className="fp-entry__draft">
              <Icon name="save" size={14} />
              {t('catalogue.draftSaved', { when: dateTime(draft, locale) })}
            </span>
          )}
        </LinkCard>
      </li>
    );
  };

  return (
    <Page title={t('requests.title')} intro={t('requests.intro')}>
      <SearchField
        label={t('catalogue.search')}
        placeholder={t('catalogue.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error && <LoadFailed text={error.text(locale)} retry={t('retry')} onRetry={reload} />}
      {loading && !data && <Spinner label={t('loading')} />}
      {data && data.entries.length === 0 && (
        <EmptyState icon="requests" title={t('catalogue.emptyTitle')}>
          {t('catalogue.emptyText')}
        </EmptyState>
      )}
      {data && data.entries.length > 0 && matches.length === 0 && (
        <EmptyState icon="search" title={t('catalogue.noMatch', { query: query.trim() })} />
      )}
      {recent.length > 0 && (
        <section className="fp-catalogue__group" aria-labelledby="f-recent">
          <h2 className="f-linkcards__title fp-catalogue__title" id="f-recent">
            {t('catalogue.recent')}
          </h2>
          <ul className="f-linkcards">{recent.map(card)}</ul>
        </section>
      )}
      {modules.map((entries) => (
        <section
          key={entries[0]!.module}
          className="fp-catalogue__group"
          aria-labelledby={`f-module-${entries[0]!.module}`}
        >
          <h2 className="f-linkcards__title fp-catalogue__title" id={`f-module-${entries[0]!.module}`}>
            {localized(entries[0]!.moduleName)}
          </h2>
          <ul className="f-linkcards">{entries.map(card)}</ul>
        </section>
      ))}
    </Page>
  );
}
