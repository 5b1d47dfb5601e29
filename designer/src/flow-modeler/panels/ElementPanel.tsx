// The approval-friendly properties of the selected element: the analyst chooses approvers, forms,
// deadlines and conditions in plain words; the panel writes standard BPMN with zeebe extensions
// (model/zeebe-edit.ts), each change one undoable command. Everything else about an element is in
// the Advanced tab (bpmn-js's own properties panel).
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Icon } from '#designer/ui/index.ts';
import { SelectField } from '#designer/ui/kit/index.ts';
import { flowModelerMessages, type FlowModelerKey } from '../messages.ts';
import { parseIsoDuration } from '../model/approvers.ts';
import {
  findExtension,
  readFormId,
  readJobType,
  readTimer,
  setExtension,
  writeFormId,
  writeTimer,
} from '../model/zeebe-edit.ts';
import { ApproverEditor, SlaEditor } from './ApproverEditor.tsx';
import { DecisionTaskEditor } from './DecisionTaskEditor.tsx';
import { readNameZh } from '../model/names.ts';
import { CommitField, DurationInput, editorFor, setName, setNameZh, type Element } from './common.tsx';
import type { PanelContext } from './context.ts';
import { FieldAccessEditor, REQUESTER } from './FieldAccessEditor.tsx';
import { FlowCondition, GatewayPaths } from './ConditionBuilder.tsx';
import { ProcessPanel } from './ProcessPanel.tsx';
import './panels.css';

export type ElementKind =
  | 'process'
  | 'startEvent'
  | 'endEvent'
  | 'userTask'
  | 'serviceTask'
  | 'scriptTask'
  | 'businessRuleTask'
  | 'exclusiveGateway'
  | 'inclusiveGateway'
  | 'parallelGateway'
  | 'sequenceFlow'
  | 'subProcess'
  | 'timer'
  | 'boundary'
  | 'other';

const hasTimer = (el: Element): boolean =>
  (el.businessObject?.eventDefinitions ?? []).some(
    (d: { $type: string }) => d.$type === 'bpmn:TimerEventDefinition',
  );

export function kindOf(element: Element | null): ElementKind {
  if (!element) return 'process';
  switch (element.type) {
    case 'bpmn:Process':
    case 'bpmn:Collaboration':
      return 'process';
    case 'bpmn:StartEvent':
      return 'startEvent';
    case 'bpmn:EndEvent':
      return 'endEvent';
    case 'bpmn:UserTask':
      return 'userTask';
    case 'bpmn:ServiceTask':
      return 'serviceTask';
    case 'bpmn:ScriptTask':
      return 'scriptTask';
    case 'bpmn:BusinessRuleTask':
      return 'businessRuleTask';
    case 'bpmn:ExclusiveGateway':
      return 'exclusiveGateway';
    case 'bpmn:InclusiveGateway':
      return 'inclusiveGateway';
    case 'bpmn:ParallelGateway':
      return 'parallelGateway';
    case 'bpmn:SequenceFlow':
      return 'sequenceFlow';
    case 'bpmn:SubProcess':
      return 'subProcess';
    case 'bpmn:IntermediateCatchEvent':
      return hasTimer(element) ? 'timer' : 'other';
    case 'bpmn:BoundaryEvent':
      return hasTimer(element) ? 'timer' : 'boundary';
    default:
      return 'other';
  }
}

const ACTIONS = [
  'notify',
  'record.create',
  'record.update',
  'compute',
  'http.request',
  'ledger.post',
  'report.query',
  'approval.remind',
  'approval.escalate',
];

export function ElementPanel({ element, ctx, rev }: { element: Element; ctx: PanelContext; rev: number }) {
  const t = useMessages(flowModelerMessages);
  const kind = kindOf(element);
  const bo = element.businessObject;
  const typeLabel = t(`el.type.${kind === 'process' ? 'other' : kind}` as FlowModelerKey);
  if (kind === 'process') return <ProcessPanel ctx={ctx} root={element} rev={rev} />;
  return (
    <div className="f-elpanel" data-element={bo.id} data-kind={kind}>
      <p className="f-elpanel__type">
        {typeLabel} <code>{bo.id}</code>
      </p>
      <CommitField
        label={t('el.name')}
        name="element-name"
        value={bo.name ?? ''}
        onCommit={(name) => setName(ctx.modeler, element, name)}
      />
      <CommitField
        label={t('el.nameZh')}
        name="element-name-zh"
        hint={t('el.nameHint')}
        value={readNameZh(bo)}
        onCommit={(name) => setNameZh(ctx.modeler, element, name)}
      />
      {kind === 'startEvent' && (
        <FormPicker
          element={element}
          ctx={ctx}
          label={t('process.requestForm')}
          hint={t('process.requestFormHint')}
        />
      )}
      {kind === 'startEvent' && <FieldAccessEditor ctx={ctx} step={REQUESTER} />}
      {kind === 'userTask' && (
        <>
          <ApproverEditor element={element} ctx={ctx} rev={rev} />
          <FormPicker element={element} ctx={ctx} label={t('task.form')} hint={t('task.formHint')} />
          <SlaEditor element={element} ctx={ctx} rev={rev} />
          <FieldAccessEditor ctx={ctx} step={bo.id} />
        </>
      )}
      {(kind === 'exclusiveGateway' || kind === 'inclusiveGateway') && (
        <GatewayPaths element={element} ctx={ctx} rev={rev} />
      )}
      {kind === 'sequenceFlow' && <FlowCondition key={bo.id} element={element} ctx={ctx} rev={rev} />}
      {kind === 'serviceTask' && (
        <>
          <CommitField
            label={t('service.action')}
            hint={t('service.actionHint')}
            name="service-action"
            list="f-actions"
            mono
            value={readJobType(bo)}
            onCommit={(type) =>
              setExtension(
                bo,
                'zeebe:TaskDefinition',
                type ? { ...taskDefinitionRest(bo), type } : null,
                editorFor(ctx.modeler, element),
              )
            }
          />
          <datalist id="f-actions">
            {ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </>
      )}
      {kind === 'scriptTask' && <ScriptEditor element={element} ctx={ctx} />}
      {kind === 'businessRuleTask' && <DecisionTaskEditor key={bo.id} element={element} ctx={ctx} />}
      {kind === 'timer' && (
        <DurationInput
          label={t('timer.wait')}
          name="timer-duration"
          value={parseIsoDuration(readTimer(bo)?.value.replace(/^R\d*\//, ''))}
          onChange={(d) => {
            const current = readTimer(bo);
            if (!d || !current) return;
            const iso = d.unit === 'days' ? `P${d.amount}D` : `PT${d.amount}H`;
            writeTimer(
              bo,
              {
                kind: current.kind === 'timeDate' ? 'timeDuration' : current.kind,
                value: current.kind === 'timeCycle' ? `R/${iso}` : iso,
              },
              editorFor(ctx.modeler, element),
            );
          }}
        />
      )}
      <p className="f-elpanel__hint">
        <Icon name="settings" size={16} /> {t('el.advancedHint')}
      </p>
    </div>
  );
}

function taskDefinitionRest(bo: Element): Record<string, unknown> {
  const def = findExtension(bo, 'zeebe:TaskDefinition');
  return def?.retries ? { retries: def.retries } : {};
}

function FormPicker({
  element,
  ctx,
  label,
  hint,
}: {
  element: Element;
  ctx: PanelContext;
  label: string;
  hint: string;
}) {
  const t = useMessages(flowModelerMessages);
  const localized = useLocalized();
  const current = readFormId(element.businessObject);
  return (
    <SelectField
      label={label}
      hint={hint}
      name={element.type === 'bpmn:StartEvent' ? 'request-form' : 'task-form'}
      value={current}
      onChange={(e) => writeFormId(element.businessObject, e.target.value, editorFor(ctx.modeler, element))}
    >
      <option value="">{t('process.noForm')}</option>
      {current && !ctx.forms.some((f) => f.id === current) && <option value={current}>{current}</option>}
      {ctx.forms.map((f) => (
        <option key={f.id} value={f.id}>
          {localized(f.name)}
        </option>
      ))}
    </SelectField>
  );
}

function ScriptEditor({ element, ctx }: { element: Element; ctx: PanelContext }) {
  const t = useMessages(flowModelerMessages);
  const bo = element.businessObject;
  const script = findExtension(bo, 'zeebe:Script');
  const write = (patch: { expression?: string; resultVariable?: string }): void => {
    const next = {
      expression: script?.expression ?? '',
      resultVariable: script?.resultVariable ?? '',
      ...patch,
    };
    setExtension(
      bo,
      'zeebe:Script',
      next.expression || next.resultVariable ? next : null,
      editorFor(ctx.modeler, element),
    );
  };
  return (
    <>
      <CommitField
        label={t('script.expression')}
        name="script-expression"
        mono
        value={(script?.expression as string | undefined) ?? ''}
        onCommit={(expression) => write({ expression })}
      />
      <CommitField
        label={t('script.result')}
        name="script-result"
        mono
        value={(script?.resultVariable as string | undefined) ?? ''}
        onCommit={(resultVariable) => write({ resultVariable })}
      />
    </>
  );
}
