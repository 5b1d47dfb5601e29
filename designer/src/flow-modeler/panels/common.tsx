// Shared pieces of the modeler's panels: editing through bpmn-js (every change one undoable
// command), text fields that commit when you leave them (so undo steps are whole words, not
// letters), and durations in hours or days.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { TextField } from '#designer/ui/index.ts';
import { flowModelerMessages } from '../messages.ts';
import type { Duration } from '../model/approvers.ts';
import { nameZhPatch } from '../model/names.ts';
import type { ModdleEditor } from '../model/zeebe-edit.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js elements and services are untyped */
export type Element = any;
export type ModelerLike = { get(name: string): any };

/** Edits moddle elements of `element` through bpmn-js's modeling (undoable, re-rendered). */
export function editorFor(modeler: ModelerLike, element: Element): ModdleEditor {
  const modeling = modeler.get('modeling');
  const moddle = modeler.get('moddle');
  return {
    create: (type, attrs) => moddle.create(type, attrs),
    set: (target, props) => modeling.updateModdleProperties(element, target, props),
  };
}

export function setName(modeler: ModelerLike, element: Element, name: string): void {
  const modeling = modeler.get('modeling');
  if (element.type === 'bpmn:Process' || element.type === 'bpmn:Collaboration')
    modeling.updateProperties(element, { name: name || undefined });
  else modeling.updateLabel(element, name);
}

/** Sets (or removes, when blank) the Chinese name of an element, the flow or a connection. */
export function setNameZh(modeler: ModelerLike, element: Element, name: string): void {
  modeler.get('modeling').updateProperties(element, nameZhPatch(name));
}

/** A text input whose value is committed on blur or Enter (and reset when the model changes). */
export function CommitField({
  label,
  hint,
  error,
  value,
  onCommit,
  name,
  className,
  mono,
  readOnly,
  placeholder,
  list,
}: {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  onCommit(value: string): void;
  name?: string;
  className?: string;
  mono?: boolean;
  readOnly?: boolean;
  placeholder?: string;
  /** id of a datalist with suggestions */
  list?: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = (): void => {
    if (text !== value) onCommit(text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape') setText(value);
  };
  return (
    <TextField
      label={label}
      hint={hint}
      error={error}
      name={name}
      className={[className, mono && 'f-mono'].filter(Boolean).join(' ') || undefined}
      value={text}
      readOnly={readOnly}
      placeholder={placeholder}
      list={list}
      spellCheck={mono ? false : undefined}
      autoCapitalize={mono ? 'off' : undefined}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}

/** "N hours/days", or nothing (empty amount). */
export function DurationInput({
  label,
  value,
  onChange,
  name,
}: {
  label: string;
  value: Duration | null;
  onChange(value: Duration | null): void;
  name: string;
}) {
  const t = useMessages(flowModelerMessages);
  const id = useId();
  const [amount, setAmount] = useState(value ? String(value.amount) : '');
  const [unit, setUnit] = useState<Duration['unit']>(value?.unit ?? 'hours');
  useEffect(() => {
    setAmount(value ? String(value.amount) : '');
    if (value) setUnit(value.unit);
  }, [value]);
  const commit = (nextAmount: string, nextUnit: Duration['unit']): void => {
    const n = Number(nextAmount);
    const next =
      nextAmount.trim() && Number.isFinite(n) && n > 0 ? { amount: Math.round(n), unit: nextUnit } : null;
    if (JSON.stringify(next) !== JSON.stringify(value)) onChange(next);
  };
  return (
    <div className="f-field">
      <label className="f-field__label" htmlFor={id}>
        {label}
      </label>
      <div className="f-duration">
        <input
          id={id}
          name={name}
          className="f-input"
          inputMode="numeric"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          onBlur={() => commit(amount, unit)}
          onKeyDown={(e) => e.key === 'Enter' && commit(amount, unit)}
        />
        <select
          className="f-select"
          aria-label={label}
          value={unit}
          onChange={(e) => {
            const next = e.target.value as Duration['unit'];
            setUnit(next);
            commit(amount, next);
          }}
        >
          <option value="hours">{t('unit.hours')}</option>
          <option value="days">{t('unit.days')}</option>
        </select>
      </div>
    </div>
  );
}
