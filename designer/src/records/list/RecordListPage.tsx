// One document type's records, made from its definition (GET /api/doctypes/{form}): a table, a
// board grouped by a choice field, or a calendar by a date (?view=), with a search, filters for
// any field, my saved views, import and export. Each screen is its own chunk, loaded when chosen.
// The URL holds the screen, filter, search and sort, so a link (a report alert's) opens a list
// already filtered, and reloading keeps what one was looking at.
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { useLocale, useLocalized, useMessages } from '../../i18n/react.tsx';
import type { PageProps } from '../../shell/routes.ts';
import { Link, usePathname, useVisit } from '../../shell/router.tsx';
import { Alert, Button, Icon, Page, SearchField, Spinner, useLoad } from '../../ui/index.ts';
import { Segmented } from '../../ui/kit/index.ts';
import { loadDoctype, type Doctype, type ViewKind } from '../data.ts';
import { recordsMessages } from '../messages.ts';
import { exportRecords } from './export.ts';
import { FilterChips } from './FilterChips.tsx';
import { FilterDialog } from './FilterDialog.tsx';
import { EMPTY_STATE, stateFromUrl, urlOf, type ListState } from './query.ts';
import { SavedViews } from './SavedViews.tsx';
import '../records.css';

const TableView = lazy(() => import('../table/TableView.tsx'));
const KanbanView = lazy(() => import('../kanban/KanbanView.tsx'));
const CalendarView = lazy(() => import('../calendar/CalendarView.tsx'));
const ImportDialog = lazy(() => import('../table/ImportDialog.tsx'));

/** What every screen gets from the page. */
export interface ScreenProps {
  doctype: Doctype;
  state: ListState;
  onState: (next: Partial<ListState>) => void;
  /** Changes when the records changed behind the screen's back (an import): load again. */
  generation: number;
}

/**
 * A link into the list it is on (a report alert's, clicked in the bell while the same list is
 * open; another document type's list) opens it afresh, as the link says: the state is read from
 * the URL when a page starts, and the route stays the same, so the page is started again.
 */
export default function RecordListPage(props: PageProps) {
  const visit = useVisit();
  return <ListPage key={visit} {...props} />;
}

function ListPage({ params }: PageProps) {
  const form = params.form ?? '';
  const t = useMessages(recordsMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const pathname = usePathname();
  const doctype = useLoad((signal) => loadDoctype(form, signal), [form]);
  const [state, setState] = useState<ListState>(() => stateFromUrl(window.location.search));
  const [search, setSearch] = useState(state.q);
  const [dialog, setDialog] = useState<'filter' | 'import' | null>(null);
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  // The URL follows the state (replace: a filter change is not a page to go back to).
  useEffect(() => {
    const next = urlOf(pathname, state);
    if (next !== window.location.pathname + window.location.search)
      window.history.replaceState(null, '', next);
  }, [state, pathname]);

  const update = (next: Partial<ListState>) =>
    setState((s) => ({ ...s, ...next, ...('saved' in next ? {} : { saved: s.saved }) }));

  if (doctype.error)
    return (
      <Page title={t('index.title')}>
        <Alert tone="error">{doctype.error.text(locale)}</Alert>
      </Page>
    );
  if (!doctype.data) return <Spinner label={t('loading')} />;
  const d = doctype.data;
  const view: ViewKind = d.views.includes(state.view) ? state.view : 'table';
  const screen: ScreenProps = { doctype: d, state: { ...state, view }, onState: update, generation };
  const columns = state.columns ?? d.list.columns;

  const runExport = async (format: 'csv' | 'xlsx') => {
    try {
      await exportRecords(d.form, state, columns, format, locale);
    } catch (e) {
      setNotice({ tone: 'error', text: (e as { text?: (l: string) => string }).text?.(locale) ?? String(e) });
    }
  };

  return (
    <Page
      title={localized(d.name)}
      intro={localized(d.moduleName)}
      actions={
        <>
          {d.rights.create && (
            <Link
              className="f-btn f-btn--primary"
              to={`/records/${encodeURIComponent(d.form)}/new`}
              data-action="new"
            >
              <Icon name="plus" />
              {t('new')}
            </Link>
          )}
          {d.rights.create && (
            <Button variant="secondary" data-action="import" onClick={() => setDialog('import')}>
              <Icon name="upload" />
              {t('import.button')}
            </Button>
          )}
          {d.rights.export && (
            <span className="fr-export">
              <Button variant="secondary" data-action="export-csv" onClick={() => void runExport('csv')}>
                <Icon name="download" />
                {t('export.button')} {t('export.csv')}
              </Button>
              <Button variant="ghost" data-action="export-xlsx" onClick={() => void runExport('xlsx')}>
                {t('export.xlsx')}
              </Button>
            </span>
          )}
        </>
      }
    >
      <div className="fr-toolbar">
        {d.views.length > 1 && (
          <Segmented
            tabs
            label={t('views')}
            selected={view}
            onSelect={(v) => update({ view: v })}
            items={d.views.map((v) => ({ id: v, label: t(`view.${v}`) }))}
          />
        )}
        <form
          className="fr-search-form"
          role="search"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            update({ q: search.trim() });
          }}
        >
          <SearchField
            name="q"
            label={t('search')}
            placeholder={t('search.placeholder')}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (e.target.value === '') update({ q: '' });
            }}
          />
        </form>
        <Button variant="secondary" data-action="filter" onClick={() => setDialog('filter')}>
          <Icon name="filter" size={18} />
          {t('filter.add')}
        </Button>
        <SavedViews
          form={d.form}
          state={{ ...state, view }}
          onChoose={(chosen) => {
            const next = chosen ?? { ...EMPTY_STATE, view };
            setSearch(next.q);
            setState(next);
          }}
        />
      </div>
      <FilterChips doctype={d} where={state.where} onChange={(where) => update({ where })} />
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      <Suspense fallback={<Spinner label={t('loading')} />}>
        {view === 'table' && <TableView {...screen} />}
        {view === 'kanban' && <KanbanView {...screen} />}
        {view === 'calendar' && <CalendarView {...screen} />}
      </Suspense>
      {dialog === 'filter' && (
        <FilterDialog
          doctype={d}
          onClose={() => setDialog(null)}
          onApply={(path, condition) => {
            setDialog(null);
            update({ where: { ...state.where, [path]: condition } });
          }}
        />
      )}
      {dialog === 'import' && (
        <Suspense fallback={null}>
          <ImportDialog
            doctype={d}
            onClose={() => setDialog(null)}
            onImported={(n) => {
              setDialog(null);
              setNotice({ tone: 'success', text: t('import.done', { n }) });
              setGeneration((g) => g + 1);
            }}
          />
        </Suspense>
      )}
    </Page>
  );
}
