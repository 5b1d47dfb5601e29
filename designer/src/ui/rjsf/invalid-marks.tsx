// Invalid fields as screen readers hear them: a control whose field has errors carries
// aria-invalid="true" and is described by the field's error list (FieldErrorTemplate gives it the
// id `<field id>__error`, the id rjsf's own inputs already name in aria-describedby). rjsf's inputs
// and widgets do not set aria-invalid, and most do not pass extra attributes on to their control,
// so each is wrapped: the wrapper marks the controls it rendered after every render (a field's
// errors change with each validation), in an element that takes no room in the layout.
import type { WidgetProps } from '@rjsf/utils';
import { useLayoutEffect, useRef, type ComponentType } from 'react';

const CONTROLS = 'input, select, textarea, button[aria-haspopup], [role="combobox"]';

/** The widget with its controls marked invalid while its field has errors. */
export function withInvalidMarks<P extends WidgetProps>(Widget: ComponentType<P>): ComponentType<P> {
  function Marked(props: P) {
    const box = useRef<HTMLSpanElement>(null);
    const invalid = !props.hideError && (props.rawErrors ?? []).some(Boolean);
    const errorId = `${props.id}__error`;
    useLayoutEffect(() => {
      for (const control of box.current?.querySelectorAll<HTMLElement>(CONTROLS) ?? []) {
        if (control.getAttribute('type') === 'hidden') continue;
        const described = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
        if (invalid) {
          control.setAttribute('aria-invalid', 'true');
          if (!described.includes(errorId))
            control.setAttribute('aria-describedby', [errorId, ...described].join(' '));
        } else control.removeAttribute('aria-invalid');
      }
    });
    return (
      <span ref={box} className="f-rjsf-control">
        <Widget {...props} />
      </span>
    );
  }
  Marked.displayName = `Invalid(${Widget.displayName ?? Widget.name})`;
  return Marked;
}

/** Every widget of the set wrapped (see withInvalidMarks). */
export function markedWidgets<W extends Record<string, ComponentType<WidgetProps>>>(widgets: W): W {
  return Object.fromEntries(Object.entries(widgets).map(([k, w]) => [k, withInvalidMarks(w)])) as W;
}
