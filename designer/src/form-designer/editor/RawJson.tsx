// The definition's JSON Schema and uiSchema as text, for power users. Checked as they type: JSON
// syntax, then the JSON Schema 2020-12 meta-schema (AJV, as on the server); valid text is applied
// to the designer at once, and the server's publish-time problems in these parts are listed below.
import Ajv2020 from 'ajv/dist/2020.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { addFormaKeywords } from '#engine/core/forms/formats.ts';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { formDesignerMessages } from '../messages.ts';
import type { FormDefinition, JsonObject } from '../model/types.ts';
import type { Problem } from '../api.ts';
import { TextAreaField } from '#designer/ui/kit/index.ts';
import './views.css';

let metaAjv: Ajv2020 | null = null;
function schemaErrors(schema: unknown): string[] {
  metaAjv ??= addFormaKeywords(new Ajv2020({ strict: false, allErrors: true }));
  if (metaAjv.validateSchema(schema as object)) return [];
  return (metaAjv.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
}

type Parsed = { ok: true; value: JsonObject } | { ok: false; error: string };

function parse(text: string): Parsed {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { ok: false, error: '{ … }' };
    return { ok: true, value: value as JsonObject };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

const pretty = (v: unknown): string => JSON.stringify(v ?? {}, null, 2);
const APPLY_DELAY_MS = 300;

export function RawJson({
  definition,
  problems,
  onApply,
}: {
  definition: FormDefinition;
  problems: Problem[];
  onApply(schema: JsonObject, uiSchema: JsonObject): void;
}) {
  const t = useMessages(formDesignerMessages);
  const { locale } = useLocale();
  // The text is the user's while this view is open: it is not re-printed from the model on every
  // keystroke (that would move the cursor and undo their formatting).
  const [schemaText, setSchemaText] = useState(() => pretty(definition.schema));
  const [uiText, setUiText] = useState(() => pretty(definition.uiSchema));
  const [applied, setApplied] = useState(false);
  const edited = useRef(false);
  const schema = useMemo(() => parse(schemaText), [schemaText]);
  const ui = useMemo(() => parse(uiText), [uiText]);
  const metaErrors = useMemo(() => (schema.ok ? schemaErrors(schema.value) : []), [schema]);
  const apply = useRef(onApply);
  apply.current = onApply;

  useEffect(() => {
    if (!edited.current || !schema.ok || !ui.ok || metaErrors.length) return;
    const timer = setTimeout(() => {
      apply.current(schema.value, ui.value);
      setApplied(true);
    }, APPLY_DELAY_MS);
    return () => clearTimeout(timer);
  }, [schema, ui, metaErrors]);

  const located = problems.filter((p) => p.path.startsWith('/schema') || p.path.startsWith('/uiSchema'));
  const message = (p: Problem): string => (locale === 'zh-CN' ? (p.messageZh ?? p.message) : p.message);

  const status = (parsed: Parsed, meta: string[]): { error?: string; hint: string } => {
    if (!parsed.ok) return { error: t('json.parseError', { message: parsed.error }), hint: '' };
    if (meta.length) return { error: t('json.schemaError', { message: meta.join('; ') }), hint: '' };
    return { hint: t('json.ok') };
  };
  const editors = [
    {
      name: 'json-schema',
      label: t('json.schema'),
      text: schemaText,
      setText: setSchemaText,
      status: status(schema, metaErrors),
    },
    {
      name: 'json-ui-schema',
      label: t('json.uiSchema'),
      text: uiText,
      setText: setUiText,
      status: status(ui, []),
    },
  ];

  return (
    <section className="f-card f-json" aria-labelledby="f-json-title">
      <h2 className="f-section-title" id="f-json-title">
        {t('json.title')}
      </h2>
      <p className="f-section-intro">{t('json.intro')}</p>
      <div className="f-json__editors">
        {editors.map((editor) => (
          <TextAreaField
            key={editor.name}
            label={editor.label}
            name={editor.name}
            className="f-json__editor"
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            value={editor.text}
            error={editor.status.error}
            hint={editor.status.hint || undefined}
            onChange={(e) => {
              edited.current = true;
              setApplied(false);
              editor.setText(e.target.value);
            }}
          />
        ))}
      </div>
      <p className="f-json__applied" role="status">
        {applied ? t('json.applied') : ''}
      </p>
      {located.length > 0 && (
        <div className="f-alert f-alert--info f-json__problems">
          <div>
            <p className="f-problems__title">{t('problemsTitle')}</p>
            <ul>
              {located.map((p, i) => (
                <li key={i}>
                  <code>{p.path}</code> {message(p)}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}
