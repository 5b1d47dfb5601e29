// The form being designed: one card per field, sections and tables with their own drop lists.
// A card is selected by click or Enter; Alt + ↑/↓ moves it; its toolbar moves, duplicates and
// deletes it. The drag handle works with a mouse, a pen or a finger.
import { Fragment, type KeyboardEvent, type PointerEvent } from 'react';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Icon } from '#designer/ui/index.ts';
import { Badge, Badges, IconButton } from '#designer/ui/kit/index.ts';
import { formDesignerMessages } from '../messages.ts';
import { opTakesValue } from '../model/conditions.ts';
import type { Condition, DesignField, LocalizedText } from '../model/types.ts';
import type { DragSource, DragState } from './drag.ts';
import { KIND_ICON } from './Palette.tsx';
import './design.css';

export interface CanvasProps {
  fields: DesignField[];
  selected: string | null;
  problems: Map<string, string[]>;
  drag: DragState | null;
  onSelect(uid: string): void;
  onMove(uid: string, delta: -1 | 1): void;
  onDuplicate(uid: string): void;
  onRemove(uid: string): void;
  onAddColumn(tableUid: string): void;
  onDragStart(event: PointerEvent, source: DragSource): void;
}

export function useFieldLabel(): (label: LocalizedText) => string {
  const t = useMessages(formDesignerMessages);
  const { locale } = useLocale();
  return (label) => label[locale].trim() || label.en.trim() || label['zh-CN'].trim() || t('untitled');
}

export function Canvas(props: CanvasProps) {
  const t = useMessages(formDesignerMessages);
  return (
    <section className="f-canvas" aria-label={t('canvas')}>
      {props.fields.length === 0 && !props.drag && <p className="f-canvas__empty">{t('canvasEmpty')}</p>}
      <DropList fields={props.fields} container={null} depth={0} props={props} />
      <p className="f-canvas__hint">{t('keyboardHint')}</p>
    </section>
  );
}

function DropList({
  fields,
  container,
  depth,
  props,
}: {
  fields: DesignField[];
  container: string | null;
  depth: number;
  props: CanvasProps;
}) {
  const slot = props.drag?.slot;
  const here = slot && slot.container === container ? slot.index : -1;
  const indicator = <li className="f-drop-indicator" aria-hidden="true" />;
  return (
    <ul
      className={`f-droplist${depth ? ' f-droplist--nested' : ''}${props.drag ? ' f-droplist--dragging' : ''}`}
      data-drop-list=""
      data-container={container ?? ''}
      data-depth={depth}
    >
      {fields.map((field, i) => (
        <Fragment key={field.uid}>
          {here === i && indicator}
          <FieldCard field={field} siblings={fields} depth={depth} props={props} />
        </Fragment>
      ))}
      {here === fields.length && indicator}
    </ul>
  );
}

function FieldCard({
  field,
  siblings,
  depth,
  props,
}: {
  field: DesignField;
  siblings: DesignField[];
  depth: number;
  props: CanvasProps;
}) {
  const t = useMessages(formDesignerMessages);
  const labelOf = useFieldLabel();
  const label = labelOf(field.label);
  const selected = props.selected === field.uid;
  const problems = props.problems.get(field.uid) ?? [];
  const index = siblings.indexOf(field);
  const dragging = props.drag?.source.type === 'field' && props.drag.source.uid === field.uid;
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      props.onMove(field.uid, event.key === 'ArrowUp' ? -1 : 1);
    } else if (event.key === 'Delete' && selected) {
      event.preventDefault();
      props.onRemove(field.uid);
    }
  };
  return (
    <li
      className={`f-fcard${selected ? ' f-fcard--selected' : ''}${problems.length ? ' f-fcard--invalid' : ''}${dragging ? ' f-fcard--dragging' : ''}`}
      data-drop-item=""
      data-field={field.key}
      data-kind={field.kind}
    >
      <div className="f-fcard__row">
        <button
          type="button"
          className="f-fcard__handle"
          aria-label={t('dragHandle', { label })}
          title={t('dragHandle', { label })}
          onPointerDown={(e) =>
            props.onDragStart(e, { type: 'field', uid: field.uid, kind: field.kind, label })
          }
          onKeyDown={onKeyDown}
        >
          <Icon name="grip" size={18} />
        </button>
        <button
          type="button"
          className="f-fcard__main"
          aria-pressed={selected}
          onClick={() => props.onSelect(field.uid)}
          onKeyDown={onKeyDown}
        >
          <span className="f-fcard__icon">
            <Icon name={KIND_ICON[field.kind]} size={18} />
          </span>
          <span className="f-fcard__text">
            <span className="f-fcard__label">
              {label}
              {field.required && (
                <span className="f-fcard__required" aria-label={t('badge.required')}>
                  *
                </span>
              )}
            </span>
            <span className="f-fcard__meta">
              <span>{t(`kind.${field.kind}`)}</span>
              <code>{field.key}</code>
            </span>
            <Badges className="f-fcard__badges">
              {field.visibleWhen && (
                <Badge tone="info" icon="eye" wrap data-condition="">
                  <ConditionText condition={field.visibleWhen} siblings={siblings} />
                </Badge>
              )}
              {field.sensitive && <Badge icon="lock">{t('badge.sensitive')}</Badge>}
              {field.computed && <Badge icon="function">{t('badge.computed')}</Badge>}
            </Badges>
          </span>
        </button>
        {selected && (
          <span className="f-fcard__tools">
            <IconButton
              icon="up"
              label={t('moveUp')}
              disabled={index === 0}
              onClick={() => props.onMove(field.uid, -1)}
            />
            <IconButton
              icon="down"
              label={t('moveDown')}
              disabled={index === siblings.length - 1}
              onClick={() => props.onMove(field.uid, 1)}
            />
            <IconButton icon="copy" label={t('duplicate')} onClick={() => props.onDuplicate(field.uid)} />
            <IconButton icon="trash" danger label={t('remove')} onClick={() => props.onRemove(field.uid)} />
          </span>
        )}
      </div>
      {problems.length > 0 && (
        <ul className="f-fcard__problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      {(field.kind === 'section' || field.kind === 'table') && (
        <div className={`f-fcard__children f-fcard__children--${field.kind}`}>
          {(field.children ?? []).length === 0 && (
            <p className="f-fcard__empty">{field.kind === 'table' ? t('columnsEmpty') : t('dropHere')}</p>
          )}
          <DropList fields={field.children ?? []} container={field.uid} depth={depth + 1} props={props} />
          {field.kind === 'table' && (
            <button
              type="button"
              className="f-btn f-btn--ghost f-fcard__add"
              onClick={() => props.onAddColumn(field.uid)}
            >
              <Icon name="plus" size={18} />
              {t('addColumn')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** "Amount is more than 5000" — a condition in words. */
export function ConditionText({ condition, siblings }: { condition: Condition; siblings: DesignField[] }) {
  const t = useMessages(formDesignerMessages);
  const labelOf = useFieldLabel();
  const target = siblings.find((f) => f.key === condition.field);
  const name = target ? labelOf(target.label) : condition.field;
  const shape = opTakesValue(condition.op);
  const optionName = (value: string): string => {
    const option = target?.options?.find((o) => o.value === value);
    return option ? labelOf(option.label) : value;
  };
  const value =
    shape === 'none'
      ? ''
      : (Array.isArray(condition.value) ? condition.value : [condition.value ?? ''])
          .map(optionName)
          .join(', ');
  return (
    <span>
      {name} {t(`op.${condition.op}`)}
      {value && ` ${value}`}
    </span>
  );
}
