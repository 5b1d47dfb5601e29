// A decision table to read on a phone: one card per rule — its number and description, the
// conditions that are not "any" ("Amount > 5000"), and what it gives ("Step = deptHead"). Read
// from the file by the platform's own DMN compiler, so it shows exactly what runs.
import { useEffect, useState } from 'react';
import { compileDmn } from '#engine/core/dmn/compile.ts';
import type { DrgModel } from '#engine/core/dmn/model.ts';
import { useMessages } from '#designer/i18n/react.tsx';
import { Alert, Spinner } from '#designer/ui/index.ts';
import { Badge, Section } from '#designer/ui/kit/index.ts';
import { decisionMessages } from './messages.ts';

export function RuleCards({ xml, decisionId }: { xml: string; decisionId: string }) {
  const t = useMessages(decisionMessages);
  const [model, setModel] = useState<DrgModel | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void compileDmn(xml).then((compiled) => {
      if (!live) return;
      if (compiled.ok) setModel(compiled.model);
      else setFailure(compiled.problems[0]?.message ?? '');
    });
    return () => {
      live = false;
    };
  }, [xml]);

  if (failure !== null) return <Alert tone="error">{t('unreadable', { message: failure })}</Alert>;
  if (!model) return <Spinner label={t('loading')} />;
  const decisions = Object.values(model.decisions).sort((a, b) =>
    a.id === decisionId ? -1 : b.id === decisionId ? 1 : 0,
  );
  return (
    <>
      {decisions.map((d) => (
        <Section key={d.id} title={t('readOnlyTable', { name: d.name ?? d.id })} icon="table">
          {d.logic.kind === 'literal' ? (
            <p className="f-dmn-note">{t('literal', { expression: d.logic.expression })}</p>
          ) : (
            <>
              <p className="f-dmn-note">
                <Badge tone="info">
                  {t('hitPolicy', {
                    policy: d.logic.aggregation
                      ? `${d.logic.hitPolicy} ${d.logic.aggregation}`
                      : d.logic.hitPolicy,
                  })}
                </Badge>
              </p>
              {d.logic.rules.length === 0 && <p className="f-dmn-note">{t('noRules')}</p>}
              <ol className="f-dmn-cards" aria-label={t('readOnlyTable', { name: d.name ?? d.id })}>
                {d.logic.rules.map((rule) => {
                  const table = d.logic.kind === 'table' ? d.logic : null;
                  const conditions = rule.inputEntries
                    .map((text, i) => ({ text, input: table!.inputs[i]! }))
                    .filter((c) => c.text !== '' && c.text !== '-');
                  return (
                    <li key={rule.id} className="f-dmn-card" data-rule={rule.id}>
                      <div className="f-dmn-card__head">
                        <strong>{t('rule', { n: rule.index })}</strong>
                        {rule.description && <span>{rule.description}</span>}
                      </div>
                      <dl className="f-dmn-card__body">
                        <dt>{t('when')}</dt>
                        <dd>
                          {conditions.length === 0
                            ? t('always')
                            : conditions.map((c) => (
                                <div key={c.input.id}>
                                  <span className="f-dmn-card__label">
                                    {c.input.label ?? c.input.expression}
                                  </span>{' '}
                                  <code>{c.text}</code>
                                </div>
                              ))}
                        </dd>
                        <dt>{t('then')}</dt>
                        <dd>
                          {rule.outputEntries.map((text, i) =>
                            text ? (
                              <div key={table!.outputs[i]!.id}>
                                <span className="f-dmn-card__label">
                                  {table!.outputs[i]!.label ?? table!.outputs[i]!.name}
                                </span>{' '}
                                <code>{text}</code>
                              </div>
                            ) : null,
                          )}
                        </dd>
                      </dl>
                    </li>
                  );
                })}
              </ol>
            </>
          )}
        </Section>
      ))}
    </>
  );
}
