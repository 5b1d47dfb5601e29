// The road a request takes, as DingTalk shows it: each approval step with its people (as far as the
// data and the org chart decide them), how several people decide, the conditions that put it on
// the road, and — once submitted — its state: done (who acted, when, with which comment), waiting
// now, still to come. Before submitting it is the preview of the draft; after, the request's
// chain, with its diagram on demand.
import { lazy, Suspense, useState } from 'react';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Button, Icon, Spinner, dateTime, type IconName } from '../ui/index.ts';
import { Badge, type BadgeTone } from '../ui/kit/index.ts';
import type { Road, RoadStep } from './approval-views.ts';
import { approverMessages, type ApproverKey } from './approver-messages.ts';
import './chain.css';

const DiagramDialog = lazy(() => import('./DiagramDialog.tsx'));

const STATE_ICON: Record<RoadStep['state'], IconName> = {
  done: 'check',
  current: 'hourglass',
  upcoming: 'clock',
  conditional: 'info',
  skipped: 'forward',
};

const TONE: Record<string, BadgeTone> = {
  approved: 'success',
  'auto-approved': 'success',
  rejected: 'danger',
  returned: 'warning',
  current: 'info',
};

function StepLine({ step }: { step: RoadStep }) {
  const t = useMessages(approverMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const outcomeKey = step.outcome ? (`chain.outcome.${step.outcome}` as ApproverKey) : null;
  const stateText =
    step.state === 'done' && outcomeKey && outcomeKey in approverMessages.en
      ? t(outcomeKey)
      : t(`chain.state.${step.state}`);
  const people = step.people.map((p) => p.name || p.id).join(', ');
  return (
    <li
      className={`fp-chain__step fp-chain__step--${step.state}`}
      data-step={step.elementId}
      data-state={step.state}
    >
      <span className="fp-chain__dot" aria-hidden="true">
        <Icon name={STATE_ICON[step.state]} size={14} />
      </span>
      <div className="fp-chain__body">
        <p className="fp-chain__head">
          <strong className="fp-chain__name">{step.name}</strong>
          <Badge tone={TONE[step.outcome ?? step.state] ?? 'neutral'}>{stateText}</Badge>
        </p>
        <p className="fp-chain__people">
          {people ||
            (step.roles?.length ? t('chain.roles', { roles: step.roles.join(', ') }) : t('chain.nobody'))}
          {people && step.roles?.length ? ` · ${t('chain.roles', { roles: step.roles.join(', ') })}` : ''}
        </p>
        {step.mode && step.people.length > 1 && (
          <p className="fp-chain__mode">
            {t(`chain.mode.${step.mode}`, {
              share: step.threshold !== undefined ? `${Math.round(step.threshold * 100)}%` : '',
            })}
          </p>
        )}
        {step.at && (
          <p className="fp-chain__when">
            <time dateTime={step.at}>{dateTime(step.at, locale)}</time>
          </p>
        )}
        {step.comment && <blockquote className="fp-chain__comment">{step.comment}</blockquote>}
        {step.conditions?.map((c, i) => (
          <p key={i} className="fp-chain__condition">
            {t('chain.when', { condition: localized(c.text) })}
          </p>
        ))}
        {step.note && <p className="fp-chain__note">{localized(step.note)}</p>}
      </div>
    </li>
  );
}

export function ApprovalChain({
  road,
  title,
  intro,
  requestId,
}: {
  road: Road;
  title: string;
  intro?: string;
  /** A submitted request: its diagram can be shown. */
  requestId?: string;
}) {
  const t = useMessages(approverMessages);
  const [diagram, setDiagram] = useState(false);
  return (
    <section className="f-card fp-chain" aria-labelledby="fp-chain-title">
      <div className="fp-chain__top">
        <h2 className="fp-section-title" id="fp-chain-title">
          {title}
        </h2>
        {requestId && (
          <Button variant="ghost" icon="flows" onClick={() => setDiagram(true)}>
            {t('chain.diagram')}
          </Button>
        )}
      </div>
      {intro && <p className="fp-hint fp-chain__intro">{intro}</p>}
      {road.steps.length === 0 ? (
        <p className="fp-muted">{t('chain.previewEmpty')}</p>
      ) : (
        <ol className="fp-chain__steps">
          {road.steps.map((step, i) => (
            <StepLine key={`${step.elementId}-${i}`} step={step} />
          ))}
        </ol>
      )}
      {road.skipped.length > 0 && (
        <details className="fp-chain__skipped">
          <summary>{t('chain.skippedTitle', { n: road.skipped.length })}</summary>
          <ol className="fp-chain__steps">
            {road.skipped.map((step, i) => (
              <StepLine key={`${step.elementId}-${i}`} step={step} />
            ))}
          </ol>
        </details>
      )}
      {diagram && requestId && (
        <Suspense fallback={<Spinner label={t('chain.diagramTitle')} />}>
          <DiagramDialog requestId={requestId} onClose={() => setDiagram(false)} />
        </Suspense>
      )}
    </section>
  );
}
