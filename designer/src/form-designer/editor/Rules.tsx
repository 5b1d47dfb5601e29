// Rules across fields, picked instead of typed: "<field> must be ≥ <other field>", with the message
// in both languages. The message follows the fields and the comparison ("Last day must not be
// before First day") until the analyst writes their own. The definition's `checks` are generated
// from these (model/rules.ts); a condition written by hand stays editable as text.
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Button, TextField } from '#designer/ui/index.ts';
import { FormGrid, IconButton, LocalizedTextField, SelectField } from '#designer/ui/kit/index.ts';
import { rulesMessages } from '../rules-messages.ts';
import { newRule, ruleChoices, suggestedMessage, type FieldChoice } from '../model/rules.ts';
import { RULE_OPS, type DesignForm, type DesignRule, type RuleOp } from '../model/types.ts';
import './views.css';

export function Rules({ form, onChange }: { form: DesignForm; onChange(rules: DesignRule[]): void }) {
  const t = useMessages(rulesMessages);
  const choices = ruleChoices(form);
  const update = (uid: string, patch: Partial<DesignRule>): void =>
    onChange(
      form.rules.map((rule) => {
        if (rule.uid !== uid) return rule;
        const next = { ...rule, ...patch };
        // A message still as suggested follows the new fields and comparison.
        const before = suggestedMessage(rule, choices);
        const untouched =
          (!rule.message.en.trim() && !rule.message['zh-CN'].trim()) ||
          (before && before.en === rule.message.en && before['zh-CN'] === rule.message['zh-CN']);
        const after = suggestedMessage(next, choices);
        return untouched && after && !patch.message ? { ...next, message: after } : next;
      }),
    );
  return (
    <section className="f-card f-rules" aria-labelledby="f-rules-title">
      <h2 className="f-section-title" id="f-rules-title">
        {t('rules.title')}
      </h2>
      <p className="f-section-intro">{t('rules.intro')}</p>
      {form.rules.length === 0 && <p className="f-canvas__empty">{t('rules.empty')}</p>}
      <ol className="f-rules__list">
        {form.rules.map((rule, i) => (
          <li key={rule.uid} className="f-rules__rule" data-rule={i}>
            <div className="f-rules__head">
              <h3 className="f-rules__title">{t('rules.rule', { n: i + 1 })}</h3>
              <IconButton
                icon="trash"
                label={t('rules.remove', { n: i + 1 })}
                onClick={() => onChange(form.rules.filter((r) => r.uid !== rule.uid))}
              />
            </div>
            <RuleEditor rule={rule} choices={choices} onChange={(patch) => update(rule.uid, patch)} />
          </li>
        ))}
      </ol>
      {choices.length === 0 ? (
        <p className="f-section-intro">{t('rules.noFields')}</p>
      ) : (
        <Button icon="plus" onClick={() => onChange([...form.rules, newRule(form)])} data-action="add-rule">
          {t('rules.add')}
        </Button>
      )}
    </section>
  );
}

function RuleEditor({
  rule,
  choices,
  onChange,
}: {
  rule: DesignRule;
  choices: FieldChoice[];
  onChange(patch: Partial<DesignRule>): void;
}) {
  const t = useMessages(rulesMessages);
  const { locale } = useLocale();
  const fieldOptions = (
    <>
      <option value="">{t('rules.pick')}</option>
      {choices.map((c) => (
        <option key={c.path} value={c.path}>
          {c.label[locale] || c.label.en || c.path}
        </option>
      ))}
    </>
  );
  const missing = !rule.message.en.trim() || !rule.message['zh-CN'].trim();
  const same = rule.condition === undefined && !!rule.field && rule.field === rule.other;
  return (
    <FormGrid>
      <SelectField
        label={t('rules.field')}
        name="rule-field"
        value={rule.field}
        onChange={(e) => onChange({ field: e.target.value })}
      >
        {fieldOptions}
      </SelectField>
      {rule.condition === undefined ? (
        <>
          <SelectField
            label={t('rules.op')}
            name="rule-op"
            value={rule.op ?? 'gte'}
            onChange={(e) => onChange({ op: e.target.value as RuleOp })}
          >
            {RULE_OPS.map((op) => (
              <option key={op} value={op}>
                {t(`op.${op}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('rules.other')}
            name="rule-other"
            value={rule.other ?? ''}
            error={same ? t('rules.same') : undefined}
            onChange={(e) => onChange({ other: e.target.value })}
          >
            {fieldOptions}
          </SelectField>
        </>
      ) : (
        <TextField
          label={t('rules.condition')}
          name="rule-condition"
          className="f-mono"
          value={rule.condition}
          spellCheck={false}
          autoCapitalize="off"
          onChange={(e) => onChange({ condition: e.target.value })}
        />
      )}
      <LocalizedTextField
        label={t('rules.message')}
        name="rule-message"
        value={rule.message}
        error={missing ? t('rules.messageMissing') : undefined}
        onChange={(message) => onChange({ message })}
      />
    </FormGrid>
  );
}
