// The "Records" section's first page: every document type the person may read, grouped by module
// (both languages searchable), each opening its list — with a board or a calendar when it has one.
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { EmptyState, LinkCard, LoadFailed, Page, SearchField, Spinner, useLoad } from '../ui/index.ts';
import type { DoctypeSummary } from './data.ts';
import { recordsMessages } from './messages.ts';
import './records.css';

export default function RecordsPage() {
  const t = useMessages(recordsMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const { data, error, loading, reload } = useLoad((signal) => api.get('/api/doctypes', { signal }), []);
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();

  const groups = useMemo(() => {
    const items = (data?.items ?? []).filter(
      (d) =>
        !q ||
        [d.name, d.moduleName, d.description].some(
          (text) => text && (text.en.toLowerCase().includes(q) || text['zh-CN'].includes(query.trim())),
        ),
    );
    const byModule = new Map<string, DoctypeSummary[]>();
    for (const d of items) byModule.set(d.module, [...(byModule.get(d.module) ?? []), d]);
    return [...byModule.values()];
  }, [data, q, query]);

  return (
    <Page title={t('index.title')} intro={t('index.intro')}>
      <SearchField
        label={t('index.search')}
        placeholder={t('index.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error && <LoadFailed text={error.text(locale)} retry={t('retry')} onRetry={reload} />}
      {loading && !data && <Spinner label={t('loading')} />}
      {data && data.items.length === 0 && <EmptyState icon="records" title={t('index.empty')} />}
      {data && data.items.length > 0 && groups.length === 0 && (
        <EmptyState icon="search" title={t('index.noMatch', { query: query.trim() })} />
      )}
      {groups.map((items) => (
        <section
          key={items[0]!.module}
          className="fr-group"
          aria-labelledby={`fr-module-${items[0]!.module}`}
        >
          <h2 className="f-linkcards__title fr-group__title" id={`fr-module-${items[0]!.module}`}>
            {localized(items[0]!.moduleName)}
          </h2>
          <ul className="f-linkcards">
            {items.map((d) => (
              <li key={d.form}>
                <LinkCard
                  to={`/records/${encodeURIComponent(d.form)}`}
                  data-doctype={d.form}
                  icon="records"
                  title={localized(d.name)}
                  text={d.description && localized(d.description)}
                  arrow
                >
                  <span className="fr-doctypes__views">
                    {d.views.map((v) => (
                      <span key={v} className="fr-doctypes__view">
                        {t(`view.${v}`)}
                      </span>
                    ))}
                  </span>
                </LinkCard>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Page>
  );
}
