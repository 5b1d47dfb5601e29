// A dashboard: its cards in a grid (one column on a phone), each card a report drawn as its card
// says — a KPI with the change against the previous period, a chart, a table — with the time the
// figures were computed on each card (the server keeps a card's figures until its sources change, so
// cards may differ). Any figure drills into the records behind it.
import { api } from '../api/client.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Link } from '../shell/router.tsx';
import type { PageProps } from '../shell/routes.ts';
import { Page, Spinner, dateTime, useLoad } from '../ui/index.ts';
import { ErrorBox } from '../ui/kit/index.ts';
import type { ChartSpec } from './charts/types.ts';
import { analyticsMessages } from './messages.ts';
import { ReportFigure } from './ReportFigure.tsx';
import './analytics.css';

export default function DashboardPage({ params }: PageProps) {
  const t = useMessages(analyticsMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const board = useLoad(
    (signal) => api.get('/api/dashboards/{id}', { path: { id: params.id! }, signal }),
    [params.id],
  );
  // The page says the oldest figure's time; each card says its own.
  const generatedAt = board.data?.cards
    .map((c) => c.result?.generatedAt)
    .filter((t): t is string => !!t)
    .sort()[0];
  return (
    <Page
      title={board.data ? localized(board.data.name) : t('loading')}
      intro={generatedAt ? t('asOf', { time: dateTime(generatedAt, locale) }) : undefined}
    >
      {board.loading && !board.data && <Spinner label={t('loading')} />}
      {board.error && <ErrorBox error={board.error} />}
      {board.data && (
        <div className="fa-grid">
          {board.data.cards.map((card, i) => {
            const title = card.title ? localized(card.title) : card.name ? localized(card.name) : card.report;
            const spec = (card.chart ?? card.result?.chart ?? { type: 'table' }) as unknown as ChartSpec;
            return (
              <section
                key={`${card.report}-${i}`}
                className="fa-card"
                data-width={card.width}
                data-report={card.report}
                aria-label={title}
              >
                <div className="fa-card__head">
                  <h2 className="fa-card__title">
                    <Link to={`/reports/${card.report}`}>{title}</Link>
                  </h2>
                  {card.result && (
                    <span className="fa-card__asof fa-muted">
                      {t('asOf', { time: dateTime(card.result.generatedAt, locale) })}
                    </span>
                  )}
                </div>
                {card.error ? (
                  <p className="fa-muted">
                    {t('card.failed', {
                      message: locale === 'zh-CN' ? card.error.messageZh : card.error.message,
                    })}
                  </p>
                ) : card.result ? (
                  <ReportFigure report={card.report} result={card.result} spec={spec} title={title} />
                ) : null}
              </section>
            );
          })}
        </div>
      )}
    </Page>
  );
}
