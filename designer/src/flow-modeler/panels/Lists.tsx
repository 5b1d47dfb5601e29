// The deployed versions with their instance counts, and the problems that stop a deployment.
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Button, dateTime, Icon } from '#designer/ui/index.ts';
import { Badge } from '#designer/ui/kit/index.ts';
import type { FlowProblem, FlowVersion } from '../api.ts';
import { flowModelerMessages } from '../messages.ts';
import './panels.css';

export function VersionsPanel({
  versions,
  onOpen,
}: {
  versions: FlowVersion[] | null;
  onOpen(version: number): void;
}) {
  const t = useMessages(flowModelerMessages);
  const { locale } = useLocale();
  return (
    <div>
      <h2 className="f-section-title">{t('versions.title')}</h2>
      {!versions?.length && <p className="f-field__hint">{t('versions.none')}</p>}
      <ul className="f-versions">
        {[...(versions ?? [])].reverse().map((v) => (
          <li key={v.version} className="f-versions__row" data-version={v.version}>
            <div>
              <strong>
                {t('versions.row', {
                  n: v.version,
                  when: dateTime(v.deployedAt, locale),
                  who: v.deployedBy ?? '—',
                })}
              </strong>
              <span className="f-versions__counts">
                <Badge tone="success" data-count="active">
                  {t('versions.running', { n: v.instances?.active ?? 0 })}
                </Badge>
                <Badge>{t('versions.completed', { n: v.instances?.completed ?? 0 })}</Badge>
                <Badge>{t('versions.cancelled', { n: v.instances?.cancelled ?? 0 })}</Badge>
              </span>
            </div>
            <Button variant="ghost" onClick={() => onOpen(v.version)}>
              {t('versions.open', { n: v.version })}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ProblemsPanel({
  problems,
  onShow,
  describe,
}: {
  problems: FlowProblem[];
  onShow(elementId: string): void;
  /**
   * How the diagram names an element now (a connection by its label or "source → target"), so
   * that no problem names a thing by its raw id.
   */
  describe?: (elementId: string) => string | undefined;
}) {
  const t = useMessages(flowModelerMessages);
  const { locale } = useLocale();
  const where = (p: FlowProblem): string | undefined =>
    (p.elementId && describe?.(p.elementId)) || p.elementName || p.elementId;
  return (
    <div>
      <h2 className="f-section-title">{t('problems.title')}</h2>
      {problems.length === 0 && <p className="f-field__hint">{t('problems.none')}</p>}
      <ul className="f-problem-list">
        {problems.map((p, i) => (
          <li key={i} data-problem={p.code} data-element={p.elementId ?? ''}>
            <Icon name="alert" size={18} />
            <div>
              <p className="f-problem-list__where">{where(p) ?? t('problems.general')}</p>
              <p>{locale === 'zh-CN' ? p.messageZh : p.message}</p>
              {p.elementId && (
                <Button variant="ghost" onClick={() => onShow(p.elementId!)}>
                  {t('problems.show', { element: where(p) ?? '' })}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
