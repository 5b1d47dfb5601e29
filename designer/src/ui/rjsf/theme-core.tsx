// Forma's rjsf theme: @rjsf/core's own widgets (plain HTML inputs, no component kit) with our
// buttons, array rows, error list and CSS (rjsf.css), and rjsf's interface texts in the user's
// language. `FormaFormCore` is the form component with a given validator: it sets
// `noHtml5Validate` (the schema decides, and errors look the same in every browser), and
// `constAsDefaults: 'skipOneOf'` (a list of labelled options starts empty: the employee must
// choose, not find the first option chosen for them). Pages use `FormaForm` (theme.tsx: the
// validator compiled in the browser) or, the portal's request form, this with the validators the
// server compiled (precompiled.ts) — without AJV's compiler in its chunks.
//
// Import it only from lazy pages: rjsf is ~85 KB gzipped and stays out of the first load.
import { getDefaultRegistry, withTheme, type FormProps, type ThemeProps } from '@rjsf/core';
import {
  englishStringTranslator,
  replaceStringParameters,
  TranslatableString,
  type ArrayFieldItemTemplateProps,
  type ErrorListProps,
  type FieldErrorProps,
  type IconButtonProps,
  type SubmitButtonProps,
  type WidgetProps,
} from '@rjsf/utils';
import { useCallback, type ComponentType } from 'react';
import { DATE_RANGE_KEYWORD } from '#engine/core/forms/formats.ts';
import { format, type Locale } from '#designer/i18n/define.ts';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Icon, type IconName } from '../icons.tsx';
import { RJSF_ZH, rjsfMessages } from './strings.ts';
import { validationMessages } from './validation-messages.ts';
import { formaWidgets } from './widgets.tsx';
import { markedWidgets, withInvalidMarks } from './invalid-marks.tsx';
import './rjsf.css';

function iconButton(icon: IconName, label: TranslatableString, danger = false) {
  return function IconButton({
    registry,
    uiSchema: _ui,
    iconType: _t,
    icon: _i,
    className,
    ...rest
  }: IconButtonProps) {
    const text = registry.translateString(label);
    return (
      <button
        type="button"
        className={`f-btn f-btn--ghost f-rjsf-icon${danger ? ' f-rjsf-icon--danger' : ''} ${className ?? ''}`}
        title={text}
        aria-label={text}
        {...rest}
      >
        <Icon name={icon} size={18} />
      </button>
    );
  };
}

function AddButton({ registry, uiSchema: _ui, iconType: _t, icon: _i, className, ...rest }: IconButtonProps) {
  return (
    <button type="button" className={`f-btn f-btn--secondary f-rjsf-add ${className ?? ''}`} {...rest}>
      <Icon name="plus" size={18} />
      {registry.translateString(TranslatableString.AddItemButton)}
    </button>
  );
}

function SubmitButton({ uiSchema }: SubmitButtonProps) {
  const t = useMessages(rjsfMessages);
  // rjsf hands the button `{ 'ui:options': { submitButtonOptions } }` (the form's own
  // 'ui:submitButtonOptions', plus `props.disabled` while the form is disabled).
  const options = (uiSchema?.['ui:options']?.submitButtonOptions ?? uiSchema?.['ui:submitButtonOptions']) as
    { norender?: boolean; submitText?: string; props?: { disabled?: boolean } } | undefined;
  if (options?.norender) return null;
  return (
    <div className="f-rjsf-submit">
      <button type="submit" className="f-btn f-btn--primary" disabled={options?.props?.disabled}>
        {options?.submitText ?? t('submit')}
      </button>
    </div>
  );
}

/** One row of a repeating section (line items): its fields, then its buttons (below, on a phone). */
function ArrayFieldItemTemplate({
  children,
  className,
  buttonsProps,
  hasToolbar,
  registry,
}: ArrayFieldItemTemplateProps) {
  const Buttons = registry.templates.ArrayFieldItemButtonsTemplate;
  return (
    <div className={`f-rjsf-item ${className}`}>
      <div className="f-rjsf-item__content">{children}</div>
      {hasToolbar && (
        <div className="f-rjsf-item__toolbar">
          <Buttons {...buttonsProps} />
        </div>
      )}
    </div>
  );
}

function ErrorList({ errors, registry }: ErrorListProps) {
  return (
    <div className="f-alert f-alert--error f-rjsf-errors" role="alert">
      <Icon name="alert" />
      <div>
        <p className="f-rjsf-errors__title">{registry.translateString(TranslatableString.ErrorsLabel)}</p>
        <ul>
          {errors.map((error, i) => (
            <li key={i}>{error.stack}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function FieldErrorTemplate({ errors = [], fieldPathId }: FieldErrorProps) {
  const shown = errors.filter(Boolean);
  if (shown.length === 0) return null;
  return (
    <ul className="f-rjsf-field-errors" id={`${fieldPathId.$id}__error`}>
      {shown.map((error, i) => (
        <li key={i}>{error}</li>
      ))}
    </ul>
  );
}

// rjsf's plain inputs (text, number, date … all go through BaseInputTemplate) and its other
// widgets, each marking its control invalid for screen readers (invalid-marks.tsx).
const core = getDefaultRegistry();
const coreWidget = (name: string): ComponentType<WidgetProps> => {
  const widget = core.widgets[name];
  if (!widget) throw new Error(`rjsf has no ${name}`);
  return widget;
};
const coreWidgets = Object.fromEntries(
  ['SelectWidget', 'TextareaWidget', 'CheckboxWidget', 'CheckboxesWidget', 'RadioWidget'].map((n) => [
    n,
    coreWidget(n),
  ]),
);

export const formaTheme: ThemeProps = {
  widgets: markedWidgets({ ...coreWidgets, ...formaWidgets }),
  templates: {
    BaseInputTemplate: withInvalidMarks(core.templates.BaseInputTemplate),
    ArrayFieldItemTemplate,
    ErrorListTemplate: ErrorList,
    FieldErrorTemplate,
    ButtonTemplates: {
      AddButton,
      SubmitButton,
      CopyButton: iconButton('copy', TranslatableString.CopyButton),
      MoveUpButton: iconButton('up', TranslatableString.MoveUpButton),
      MoveDownButton: iconButton('down', TranslatableString.MoveDownButton),
      RemoveButton: iconButton('close', TranslatableString.RemoveButton, true),
      ClearButton: iconButton('close', TranslatableString.ClearButton),
    },
  },
};

const ThemedForm = withTheme(formaTheme);

export type FormaFormProps = Omit<FormProps, 'validator'> & Partial<Pick<FormProps, 'validator'>>;

const ignoreErrors = (): void => undefined;

/**
 * The problems as the form shows them. AJV reports a failed "show … when" branch twice: the
 * branch's own problem at its field (`Reason is required`) and `must match "then" schema` at the
 * level holding it, which rjsf would show as a bare "is not valid" / "无效" over the whole form;
 * only the first says what to fix. A reversed date range names its start date, as the server does
 * ("must not be before First day").
 */
export function formaErrors(schema: FormProps['schema'], locale: Locale): FormProps['transformErrors'] {
  return (errors) =>
    errors
      .filter((e) => e.name !== 'if')
      .map((e) => {
        if (e.name !== DATE_RANGE_KEYWORD || !e.property) return e;
        const start = rangeStartTitle(schema, e.property);
        return start ? { ...e, message: format(validationMessages[locale].dateRangeTitled, { start }) } : e;
      });
}

/** The title of the start date beside the end date at `property` (`.leave.end`). */
function rangeStartTitle(schema: FormProps['schema'], property: string): string | undefined {
  let node: unknown = schema;
  const segments = property.replace(/^[./]/, '').split(/[./]/);
  for (const segment of segments.slice(0, -1)) {
    const level = node as { properties?: Record<string, unknown>; items?: unknown } | undefined;
    node = /^\d+$/.test(segment) ? level?.items : level?.properties?.[segment];
  }
  const title = (node as { properties?: { start?: { title?: unknown } } } | undefined)?.properties?.start
    ?.title;
  return typeof title === 'string' ? title : undefined;
}

/** The themed form with `validator` (required here; theme.tsx's FormaForm supplies AJV's). */
export function FormaFormCore(props: FormaFormProps & Pick<FormProps, 'validator'>) {
  const { locale } = useLocale();
  const translateString = useCallback(
    (text: TranslatableString, params?: string[]) =>
      locale === 'zh-CN'
        ? replaceStringParameters(RJSF_ZH[text], params)
        : englishStringTranslator(text, params),
    [locale],
  );
  return (
    <ThemedForm
      noHtml5Validate
      experimental_defaultFormStateBehavior={{ constAsDefaults: 'skipOneOf' }}
      translateString={translateString}
      // The errors are on screen; without a handler rjsf would also log them to the console.
      onError={ignoreErrors}
      transformErrors={formaErrors(props.schema, locale)}
      {...props}
      className={`f-rjsf ${props.className ?? ''}`}
    />
  );
}
