// The form as employees will see it: the definition localized exactly as the server does
// (core/forms/localize.ts) and rendered by FormaForm, the portal's form component, in either
// language. Computed fields (durations, totals) fill in as the analyst types; submitting runs the
// server's own checks (field checks, then the rules across fields) and shows each problem's own
// message at its field. Nothing is sent.
import type { IChangeEvent } from '@rjsf/core';
import type { ErrorSchema } from '@rjsf/utils';
import { Component, useMemo, useState, type ReactNode } from 'react';
import { localizeForm } from '#engine/core/forms/localize.ts';
import type { Locale } from '#designer/i18n/define.ts';
import { useLocale, useMessages, WithLocale } from '#designer/i18n/react.tsx';
import { Alert, Button } from '#designer/ui/index.ts';
import { compiledForm, errorSchemaOf, withComputed } from '#designer/ui/rjsf/server-checks.ts';
import { FormaForm } from '#designer/ui/rjsf/theme.tsx';
import { useCalendarFunctions } from '#designer/ui/rjsf/use-calendar-functions.ts';
import { shellMessages } from '#designer/shell/messages.ts';
import { formDesignerMessages } from '../messages.ts';
import type { FormDefinition } from '../model/types.ts';
import './views.css';

type Json = Record<string, unknown>;

export function Preview({ definition }: { definition: FormDefinition }) {
  const t = useMessages(formDesignerMessages);
  const shell = useMessages(shellMessages);
  const { locale: appLocale } = useLocale();
  const [locale, setLocale] = useState<Locale>(appLocale);
  const [data, setData] = useState<Json>({});
  const [submitted, setSubmitted] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const rendered = useMemo(() => localizeForm(definition, locale), [definition, locale]);
  const compiled = useMemo(() => {
    try {
      return compiledForm(definition);
    } catch {
      // A definition the server would refuse to compile: the preview still renders what it can.
      return null;
    }
  }, [definition]);
  // `working days` on the analyst's business calendar, as the server counts for the requester.
  const functions = useCalendarFunctions(compiled, (form, loaded) =>
    setData((d) => withComputed(form, d, loaded)),
  );
  const onSubmit = (e: IChangeEvent): void => {
    const values = (e.formData ?? {}) as Json;
    const check = compiled?.check(values, functions);
    if (check && check.errors.length > 0) {
      setExtraErrors(errorSchemaOf(check.errors, locale));
      setSubmitted(null);
      return;
    }
    setExtraErrors(undefined);
    setSubmitted(check?.data ?? values);
  };
  const empty = Object.keys((definition.schema.properties as object | undefined) ?? {}).length === 0;
  const key = `${generation}:${JSON.stringify(rendered)}`;

  return (
    <section className="f-card f-preview" aria-labelledby="f-preview-title">
      <div className="f-preview__head">
        <div>
          <h2 className="f-section-title" id="f-preview-title">
            {t('preview.title')}
          </h2>
          <p className="f-section-intro">{t('preview.intro')}</p>
        </div>
        <div className="f-preview__tools">
          <div className="f-lang" role="group" aria-label={t('preview.language')}>
            {(['en', 'zh-CN'] as const).map((l) => (
              <button
                key={l}
                type="button"
                className="f-lang__option"
                lang={l}
                aria-pressed={locale === l}
                onClick={() => setLocale(l)}
              >
                {shell(`language.short.${l}`)}
              </button>
            ))}
          </div>
          <Button
            variant="ghost"
            onClick={() => {
              setData({});
              setSubmitted(null);
              setExtraErrors(undefined);
              setGeneration((g) => g + 1);
            }}
          >
            {t('preview.reset')}
          </Button>
        </div>
      </div>
      {empty ? (
        <p className="f-canvas__empty">{t('preview.empty')}</p>
      ) : (
        <div className="f-preview__frame" lang={locale}>
          <PreviewBoundary key={key} message={(m) => t('preview.failed', { message: m })}>
            <WithLocale locale={locale}>
              <FormaForm
                schema={rendered.schema}
                uiSchema={rendered.uiSchema}
                formData={data}
                {...(extraErrors ? { extraErrors } : {})}
                showErrorList={false}
                focusOnFirstError
                onChange={(e: IChangeEvent) => {
                  const next = (e.formData ?? {}) as Json;
                  setData(compiled ? withComputed(compiled, next, functions) : next);
                  setSubmitted(null);
                }}
                onSubmit={onSubmit}
              />
            </WithLocale>
          </PreviewBoundary>
        </div>
      )}
      {submitted !== null && (
        <Alert tone="success">
          {t('preview.valid')}
          <pre className="f-preview__data">{JSON.stringify(submitted, null, 2)}</pre>
        </Alert>
      )}
    </section>
  );
}

/** A schema rjsf cannot render (typed by hand in the JSON tab) shows a message, not a blank page. */
class PreviewBoundary extends Component<
  { children: ReactNode; message: (text: string) => string },
  { error: string | null }
> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(error: unknown): { error: string } {
    return { error: (error as Error).message ?? String(error) };
  }
  override render(): ReactNode {
    return this.state.error ? (
      <Alert tone="error">{this.props.message(this.state.error)}</Alert>
    ) : (
      this.props.children
    );
  }
}
