// A business rule task in plain words: which decision table decides (the deployed tables are
// offered by name) and where its result goes — written as zeebe:calledDecision, keeping a binding
// the Advanced tab set (a version tag, the deployment). So an approval threshold can live in a
// table the analyst picks here rather than in gateways.
import { useEffect, useState } from 'react';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { SelectField } from '#designer/ui/kit/index.ts';
import { listDecisions, type DecisionSummary } from '#designer/decision-editor/api.ts';
import { decisionNameIn } from '#designer/decision-editor/template.ts';
import { flowModelerMessages } from '../messages.ts';
import { findExtension, setExtension } from '../model/zeebe-edit.ts';
import { CommitField, editorFor, type Element } from './common.tsx';
import type { PanelContext } from './context.ts';

export function DecisionTaskEditor({ element, ctx }: { element: Element; ctx: PanelContext }) {
  const t = useMessages(flowModelerMessages);
  const { locale } = useLocale();
  const [decisions, setDecisions] = useState<DecisionSummary[]>([]);
  useEffect(() => {
    let live = true;
    // Without the list (no right to read decisions, offline) the id can still be typed in Advanced.
    listDecisions()
      .then((items) => live && setDecisions(items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const bo = element.businessObject;
  const called = findExtension(bo, 'zeebe:CalledDecision');
  const decisionId = (called?.decisionId as string | undefined) ?? '';
  const resultVariable = (called?.resultVariable as string | undefined) ?? '';
  const write = (patch: { decisionId?: string; resultVariable?: string }): void => {
    const rest: Record<string, unknown> = {};
    for (const key of ['bindingType', 'versionTag'] as const) if (called?.[key]) rest[key] = called[key];
    const next = { decisionId, resultVariable, ...rest, ...patch };
    setExtension(
      bo,
      'zeebe:CalledDecision',
      next.decisionId || next.resultVariable ? next : null,
      editorFor(ctx.modeler, element),
    );
  };
  return (
    <>
      <SelectField
        label={t('rule.decision')}
        hint={t('rule.decisionHint')}
        name="rule-decision"
        value={decisionId}
        onChange={(e) =>
          write({ decisionId: e.target.value, ...(resultVariable ? {} : { resultVariable: 'result' }) })
        }
      >
        <option value="">{t('rule.noDecision')}</option>
        {decisionId && !decisions.some((d) => d.decisionId === decisionId) && (
          <option value={decisionId}>{decisionId}</option>
        )}
        {decisions.map((d) => (
          <option key={d.decisionId} value={d.decisionId}>
            {d.name || d.nameZh ? `${decisionNameIn(d, locale)} (${d.decisionId})` : d.decisionId}
          </option>
        ))}
      </SelectField>
      <CommitField
        label={t('rule.result')}
        hint={t('rule.resultHint')}
        name="rule-result"
        mono
        value={resultVariable}
        onCommit={(value) => write({ resultVariable: value })}
      />
    </>
  );
}
