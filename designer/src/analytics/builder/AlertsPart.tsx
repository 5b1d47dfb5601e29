// The builder's threshold alerts: when a measure's total crosses a value, a role is notified once
// (in the notification centre, with a link that opens the report). Checked by a scheduled
// `report.alerts` automation; the report runs as its owner, so an alert tells only what its
// maker may read.
import { useMessages } from '../../i18n/react.tsx';
import { Button, TextField } from '../../ui/index.ts';
import { IconButton, Section, SelectField } from '../../ui/kit/index.ts';
import { analyticsMessages } from '../messages.ts';
import type { AlertOp, BuilderState } from './draft.ts';

const OPS: AlertOp[] = ['gt', 'gte', 'lt', 'lte'];

export function AlertsPart({
  state,
  measureLabels,
  onChange,
}: {
  state: BuilderState;
  measureLabels: string[];
  onChange: (next: Partial<BuilderState>) => void;
}) {
  const t = useMessages(analyticsMessages);
  const set = (i: number, part: Partial<BuilderState['alerts'][number]>) =>
    onChange({ alerts: state.alerts.map((a, k) => (k === i ? { ...a, ...part } : a)) });
  return (
    <Section title={t('builder.alerts')} icon="bell">
      <p className="fa-muted">{t('builder.alertsHint')}</p>
      {state.alerts.map((a, i) => (
        <div className="fa-builder__row" key={i} data-part="alert">
          <SelectField
            label={t('builder.alertMeasure')}
            name={`alert-measure-${i}`}
            value={String(a.measure)}
            options={measureLabels.map((label, k) => ({ value: String(k), label }))}
            onChange={(e) => set(i, { measure: Number(e.target.value) })}
          />
          <SelectField
            label={t('builder.op')}
            name={`alert-op-${i}`}
            value={a.op}
            options={OPS.map((op) => ({ value: op, label: t(`builder.filter.${op}`) }))}
            onChange={(e) => set(i, { op: e.target.value as AlertOp })}
          />
          <TextField
            label={t('builder.value')}
            name={`alert-value-${i}`}
            inputMode="decimal"
            value={a.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <TextField
            label={t('builder.alertRole')}
            name={`alert-role-${i}`}
            value={a.role}
            onChange={(e) => set(i, { role: e.target.value.trim() })}
          />
          <IconButton
            icon="trash"
            label={t('builder.remove')}
            onClick={() => onChange({ alerts: state.alerts.filter((_, k) => k !== i) })}
          />
        </div>
      ))}
      <Button
        icon="plus"
        variant="ghost"
        onClick={() =>
          onChange({
            alerts: [...state.alerts, { measure: 0, op: 'gt', value: '', role: state.roles[0] ?? '' }],
          })
        }
      >
        {t('builder.addAlert')}
      </Button>
    </Section>
  );
}
