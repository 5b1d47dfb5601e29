// "What would the table decide?": evaluates the table being edited — deployed or not — with sample
// values, in the browser, by the platform's own DMN engine (engine/src/core/dmn, the code the
// server runs), and reports the result and the rules that matched (the page highlights them).
import { useState } from 'react';
import { compileDmn } from '#engine/core/dmn/compile.ts';
import { DecisionEvaluationError } from '#engine/core/dmn/errors.ts';
import { evaluateDecision } from '#engine/core/dmn/evaluate.ts';
import type { DrgModel } from '#engine/core/dmn/model.ts';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Alert, Button } from '#designer/ui/index.ts';
import { JsonBlock, Section, TextAreaField } from '#designer/ui/kit/index.ts';
import { decisionMessages } from './messages.ts';

const PATH = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/;

/** Sample values with every variable the table's input expressions read (null each). */
export function sampleVariables(model: DrgModel, decisionId: string): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  const results = new Set(Object.values(model.decisions).map((d) => d.resultName));
  const visit = (id: string): void => {
    const d = model.decisions[id];
    if (!d) return;
    d.requires.forEach(visit);
    if (d.logic.kind !== 'table') return;
    for (const input of d.logic.inputs) {
      if (!PATH.test(input.expression)) continue;
      const parts = input.expression.split('.');
      if (results.has(parts[0]!)) continue;
      let node = sample;
      parts.forEach((part, i) => {
        if (i === parts.length - 1) node[part] ??= null;
        else node = (node[part] ??= {}) as Record<string, unknown>;
      });
    }
  };
  visit(decisionId);
  return sample;
}

export function TryPanel({
  decisionId,
  saveXml,
  onMatched,
}: {
  decisionId: string;
  saveXml(): Promise<string>;
  onMatched(ruleIds: string[]): void;
}) {
  const t = useMessages(decisionMessages);
  const { locale } = useLocale();
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<
    { ok: true; result: unknown; rules: string } | { ok: false; message: string } | null
  >(null);

  const run = async (): Promise<void> => {
    const compiled = await compileDmn(await saveXml());
    if (!compiled.ok) {
      const p = compiled.problems[0]!;
      setOutcome({
        ok: false,
        message: t('try.failed', { message: locale === 'zh-CN' ? p.messageZh : p.message }),
      });
      return;
    }
    let variables: Record<string, unknown>;
    const source = text.trim() || JSON.stringify(sampleVariables(compiled.model, decisionId));
    if (!text.trim()) setText(JSON.stringify(JSON.parse(source), null, 2));
    try {
      const parsed: unknown = JSON.parse(source);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('{ … }');
      variables = parsed as Record<string, unknown>;
    } catch (e) {
      setOutcome({ ok: false, message: t('try.badJson', { message: (e as Error).message }) });
      return;
    }
    try {
      const out = evaluateDecision(compiled.model, decisionId, variables);
      const mine = out.evaluated.find((e) => e.decisionId === decisionId);
      const matched = mine?.matchedRules ?? [];
      onMatched(matched.map((r) => r.ruleId));
      setOutcome({
        ok: true,
        result: out.result,
        rules: matched.length
          ? t('try.matched', { rules: matched.map((r) => r.rule).join(', ') })
          : t('try.none'),
      });
    } catch (e) {
      onMatched(e instanceof DecisionEvaluationError ? e.ruleIds : []);
      const message =
        e instanceof DecisionEvaluationError ? (locale === 'zh-CN' ? e.messageZh : e.message) : String(e);
      setOutcome({ ok: false, message: t('try.failed', { message }) });
    }
  };

  return (
    <Section title={t('try.title')} icon="play">
      <p className="f-dmn-note">{t('try.intro')}</p>
      <TextAreaField
        label={t('try.variables')}
        name="try-variables"
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="f-dmn-actions">
        <Button icon="play" onClick={() => void run()}>
          {t('try.run')}
        </Button>
      </div>
      {outcome?.ok === false && <Alert tone="error">{outcome.message}</Alert>}
      {outcome?.ok && (
        <div className="f-dmn-result" data-testid="try-result">
          <p>
            <strong>{t('try.result')}</strong> · {outcome.rules}
          </p>
          <JsonBlock value={outcome.result} />
        </div>
      )}
    </Section>
  );
}
