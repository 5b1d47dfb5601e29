// Forma's own small component set (docs/decisions/0003-ui-components.md): plain React over the CSS in
// ui.css (design tokens as CSS variables). This is what the app shell and the portal's first page
// load; the kit of the other pages (dialogs, tables, badges, tabs …) is ./kit/index.ts, and the rjsf
// theme for forms is ./rjsf/ — each imported only by the pages that use it, so it stays out of the
// first load.
export { Button, type ButtonProps, type ButtonVariant } from './Button.tsx';
export { controlProps, describedBy, Field, FieldNotes } from './Field.tsx';
export { TextField, type TextFieldProps } from './TextField.tsx';
export { Alert, EmptyState, LoadFailed, Spinner, type Tone } from './feedback.tsx';
export { LinkCard } from './LinkCard.tsx';
export { SearchField } from './SearchField.tsx';
export { Page } from './Page.tsx';
export { Icon, type IconName } from './icons.tsx';
export { useLoad, type Loaded } from './use-load.ts';
export { dateOnly, dateTime, preciseTime, todayIso, useFormat } from './format.ts';
