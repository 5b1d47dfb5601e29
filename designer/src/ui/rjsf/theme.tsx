// The form component pages use: Forma's rjsf theme (theme-core.tsx) with rjsf's AJV 8 validator
// compiled in the browser, in the user's language (validation.ts).
//
//   import { FormaForm } from '../ui/rjsf/theme.tsx';
//   <FormaForm schema={schema} uiSchema={uiSchema} formData={data} onSubmit={…} />
//
// Import it only from lazy pages: rjsf + AJV are ~130 KB gzipped and stay out of the first load.
// The portal's request form takes FormaFormCore with the validators the server compiled instead.
import { useLocale } from '#designer/i18n/react.tsx';
import { FormaFormCore, type FormaFormProps } from './theme-core.tsx';
import { validatorFor } from './validation.ts';

export { formaErrors, formaTheme, type FormaFormProps } from './theme-core.tsx';

export function FormaForm(props: FormaFormProps) {
  const { locale } = useLocale();
  return <FormaFormCore {...props} validator={props.validator ?? validatorFor(locale)} />;
}
