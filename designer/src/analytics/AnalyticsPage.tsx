// The analytics section's first page: the dashboards and reports shared with me (the modules'
// and those made in the builder), and — for those who may build — a new report.
import { api } from '../api/client.ts';
import { useLocalized, useMessages } from '../i18n/react.tsx';
import { hasRole, useMe } from '../shell/session.tsx';
import { Button, EmptyState, LinkCard, Page, Spinner, useLoad } from '../ui/index.ts';
import { ErrorBox } from '../ui/kit/index.ts';
import { navigate } from '../shell/router.tsx';
import { analyticsMessages } from './messages.ts';
import './analytics.css';

export default function AnalyticsPage() {
  const t = useMessages(analyticsMessages);
  const localized = useLocalized();
  const me = useMe();
  const data = useLoad(async (signal) => {
    const [dashboards, reports] = await Promise.all([
      api.get('/api/dashboards', { signal }),
      api.get('/api/reports', { signal }),
    ]);
    return { dashboards: dashboards.items, reports: reports.items };
  }, []);
  const mayBuild = hasRole(me, 'analyst', 'manager', 'admin');
  return (
    <Page
      title={t('index.title')}
      intro={t('index.intro')}
      actions={
        mayBuild && (
          <Button icon="plus" onClick={() => navigate('/analytics/builder')}>
            {t('index.newReport')}
          </Button>
        )
      }
    >
      {data.loading && !data.data && <Spinner label={t('loading')} />}
      {data.error && <ErrorBox error={data.error} />}
      {data.data && (
        <>
          <h2 className="f-section-title">{t('index.dashboards')}</h2>
          {data.data.dashboards.length === 0 ? (
            <EmptyState icon="chart" title={t('index.noDashboards')} />
          ) : (
            <div className="fa-list">
              {data.data.dashboards.map((d) => (
                <LinkCard
                  key={d.id}
                  to={`/dashboards/${d.id}`}
                  icon="chart"
                  title={localized(d.name)}
                  arrow
                />
              ))}
            </div>
          )}
          <h2 className="f-section-title">{t('index.reports')}</h2>
          {data.data.reports.length === 0 ? (
            <EmptyState icon="table" title={t('index.noReports')} />
          ) : (
            <div className="fa-list">
              {data.data.reports.map((r) => (
                <LinkCard
                  key={r.id}
                  to={`/reports/${r.id}`}
                  icon="table"
                  title={localized(r.name)}
                  text={
                    r.module === 'saved'
                      ? t('index.mine')
                      : r.description
                        ? localized(r.description)
                        : undefined
                  }
                />
              ))}
            </div>
          )}
        </>
      )}
    </Page>
  );
}
