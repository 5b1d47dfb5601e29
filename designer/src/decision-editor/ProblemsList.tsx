// The server's check of the file as it is now: every problem with its decision and rule, in the
// user's language; "show in the table" scrolls to the cell (which the marks outline).
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Button } from '#designer/ui/index.ts';
import { Section } from '#designer/ui/kit/index.ts';
import type { DecisionProblem } from './api.ts';
import { decisionMessages } from './messages.ts';

export function ProblemsList({
  problems,
  onShow,
}: {
  problems: readonly DecisionProblem[];
  onShow(elementId: string, decisionId?: string): void;
}) {
  const t = useMessages(decisionMessages);
  const { locale } = useLocale();
  return (
    <Section title={t('problems')} icon="alert">
      {problems.length === 0 ? (
        <p className="f-dmn-note">{t('noProblems')}</p>
      ) : (
        <ul className="f-dmn-problems">
          {problems.map((p, i) => (
            <li key={`${p.code}-${p.elementId ?? ''}-${i}`} data-problem={p.code} data-element={p.elementId}>
              <span className="f-dmn-problems__where">
                {[p.decisionName ?? p.decisionId, p.rule ? t('problemAt', { n: p.rule }) : '']
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              <span>{locale === 'zh-CN' ? p.messageZh : p.message}</span>
              {p.elementId && (
                <Button variant="ghost" icon="search" onClick={() => onShow(p.elementId!, p.decisionId)}>
                  {t('showCell')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
