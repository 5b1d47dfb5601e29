// The form designer (issue 7). For now: a preview of the rjsf theme employees will see.
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useMemo } from 'react';
import { useMessages } from '../i18n/react.tsx';
import { EmptyState, Page } from '../ui/index.ts';
import { FormaForm } from '../ui/rjsf/theme.tsx';
import { formDesignerMessages } from './messages.ts';

export default function FormsPage() {
  const t = useMessages(formDesignerMessages);
  const { schema, uiSchema } = useMemo(() => {
    const schema: RJSFSchema = {
      title: t('sample.title'),
      type: 'object',
      required: ['purpose', 'date', 'category'],
      properties: {
        purpose: { type: 'string', title: t('sample.purpose'), minLength: 2, maxLength: 200 },
        date: { type: 'string', format: 'date', title: t('sample.date') },
        category: {
          type: 'string',
          title: t('sample.category'),
          oneOf: [
            { const: 'travel', title: t('sample.travel') },
            { const: 'meals', title: t('sample.meals') },
            { const: 'office', title: t('sample.office') },
          ],
        },
        lines: {
          type: 'array',
          title: t('sample.lines'),
          minItems: 1,
          items: {
            type: 'object',
            required: ['text', 'amount'],
            properties: {
              text: { type: 'string', title: t('sample.lineText') },
              amount: { type: 'number', title: t('sample.lineAmount'), minimum: 0 },
            },
          },
        },
        urgent: { type: 'boolean', title: t('sample.urgent') },
      },
    };
    const uiSchema: UiSchema = {
      purpose: { 'ui:help': t('sample.purposeHelp') },
      'ui:submitButtonOptions': { norender: false },
    };
    return { schema, uiSchema };
  }, [t]);

  return (
    <Page title={t('title')} intro={t('intro')}>
      <EmptyState icon="forms" title={t('emptyTitle')}>
        {t('emptyText')}
      </EmptyState>
      <section className="f-card f-preview" aria-label={t('previewTitle')}>
        <FormaForm schema={schema} uiSchema={uiSchema} formData={{ lines: [{}] }} />
      </section>
    </Page>
  );
}
