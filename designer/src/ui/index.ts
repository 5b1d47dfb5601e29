// Forma's own small component set (docs/decisions/0003-ui-components.md): plain React over the CSS in
// ui.css (design tokens as CSS variables). The rjsf theme for forms lives in ./rjsf/ and is imported
// only by the pages that render forms, so it stays out of the first load.
export { Button, type ButtonProps, type ButtonVariant } from './Button.tsx';
export { TextField, type TextFieldProps } from './TextField.tsx';
export { Alert, EmptyState, Spinner, type Tone } from './feedback.tsx';
export { Page } from './Page.tsx';
export { Icon, type IconName } from './icons.tsx';
