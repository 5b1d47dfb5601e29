// Request forms in the portal: a published form version rendered by FormaForm, checked in the
// browser by the server's own code (engine/src/core/forms: defaults, canonical values, computed
// fields, the same AJV configuration and the same localized messages), file fields as uploads, and
// the server's problems (422 details, JSON pointers) shown at their fields. Lazy pages only: this
// module brings rjsf and AJV.
import type { FormDefinition } from '../../../schemas/generated/index.ts';
import type { ErrorSchema, RJSFSchema, UiSchema, WidgetProps } from '@rjsf/utils';
import { useEffect, useState } from 'react';
import { FormCompiler, type CompiledForm } from '../../../engine/src/core/forms/compiled-form.ts';
import { api } from '../api/client.ts';
import type { ErrorDetail } from '../api/errors.ts';
import type { Locale } from '../i18n/define.ts';
import { useMessages } from '../i18n/react.tsx';
import { Icon } from '../ui/index.ts';
import { fileHref, fileSize, uploadFile } from './data.ts';
import { portalMessages } from './messages.ts';

type Json = Record<string, unknown>;

export interface RenderedForm {
  version: number;
  definition: FormDefinition;
  schema: RJSFSchema;
  uiSchema: UiSchema;
}

export async function loadForm(
  formId: string,
  locale: Locale,
  version?: number,
  signal?: AbortSignal,
): Promise<RenderedForm> {
  const rendered = await api.get('/api/forms/{id}/render', {
    path: { id: formId },
    query: { locale, ...(version ? { version } : {}) },
    ...(signal ? { signal } : {}),
  });
  const schema = rendered.schema as RJSFSchema;
  return {
    version: rendered.version,
    definition: rendered.definition,
    schema,
    uiSchema: withPortalWidgets(schema, rendered.uiSchema as UiSchema, rendered.definition),
  };
}

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The uiSchema with the portal's widgets: every `format: file-ref` field becomes an upload (a
 * module's form need not say so), and computed fields are read-only (the server computes them).
 */
export function withPortalWidgets(
  schema: RJSFSchema,
  uiSchema: UiSchema,
  definition?: FormDefinition,
): UiSchema {
  const ui = structuredClone(uiSchema) as Json;
  const walk = (node: unknown, target: Json): void => {
    if (!isObject(node)) return;
    if (node.format === 'file-ref' && target['ui:widget'] === undefined) target['ui:widget'] = 'fileUpload';
    if (isObject(node.properties))
      for (const [name, child] of Object.entries(node.properties)) {
        const sub = isObject(target[name]) ? (target[name] as Json) : (target[name] = {});
        walk(child, sub as Json);
      }
    if (isObject(node.items)) {
      const sub = isObject(target.items) ? target.items : (target.items = {});
      walk(node.items, sub as Json);
    }
  };
  walk(schema, ui);
  for (const { field } of definition?.computed ?? []) {
    let target = ui;
    for (const segment of field.split('.')) {
      const next = isObject(target[segment]) ? (target[segment] as Json) : (target[segment] = {});
      target = isObject(next.items) ? (next.items as Json) : next;
    }
    target['ui:readonly'] = true;
  }
  return ui as UiSchema;
}

/**
 * The data without the fields the form shows read-only (computed values, fields someone else fills
 * in later, such as a claim's payment status): the requester does not supply them — the server
 * computes them or applies their defaults, and may refuse them from this user.
 */
export function withoutReadOnly(uiSchema: UiSchema, data: Json): Json {
  const strip = (ui: unknown, value: unknown): unknown => {
    if (!isObject(ui)) return value;
    if (Array.isArray(value)) return isObject(ui.items) ? value.map((v) => strip(ui.items, v)) : value;
    if (!isObject(value)) return value;
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) {
      const child = ui[key];
      if (isObject(child) && child['ui:readonly'] === true) continue;
      out[key] = strip(child, v);
    }
    return out;
  };
  return strip(uiSchema, data) as Json;
}

// ---- the server's checks, in the browser -------------------------------------------------------

const compiler = new FormCompiler({ maxEntries: 20 });

export function compiledForm(definition: FormDefinition): CompiledForm {
  return definition.version ? compiler.compile(definition) : compiler.compileDraft(definition);
}

/** The data with the computed fields the server would fill in (shown live, e.g. a claim's total). */
export function withComputed(form: CompiledForm, data: Json): Json {
  if (form.computed.length === 0) return data;
  const { data: prepared } = form.prepare(data);
  const out = { ...data };
  for (const { field } of form.computed)
    if (!field.includes('.')) {
      if (prepared[field] === undefined) delete out[field];
      else out[field] = prepared[field];
    }
  return out;
}

/** Problems as rjsf shows them at their fields (JSON pointers like /lines/0/amount). */
export function errorSchemaOf(details: readonly ErrorDetail[], locale: Locale): ErrorSchema {
  const root: Json = {};
  for (const d of details) {
    const message = locale === 'zh-CN' ? (d.messageZh ?? d.message) : d.message;
    let node = root;
    for (const raw of d.path.split('/').slice(1)) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      node = (isObject(node[segment]) ? node[segment] : (node[segment] = {})) as Json;
    }
    const errors = (node.__errors as string[] | undefined) ?? (node.__errors = []);
    (errors as string[]).push(message);
  }
  return root as ErrorSchema;
}

// ---- files ---------------------------------------------------------------------------------------

export interface PortalFormContext {
  /** The request the form belongs to: links to its files go through it. */
  requestId?: string;
}

function useFileInfo(ref: string | null, requestId: string | undefined) {
  const [info, setInfo] = useState<{ name: string; size: number } | null>(null);
  useEffect(() => {
    setInfo(null);
    if (!ref?.startsWith('file:')) return;
    const controller = new AbortController();
    api
      .get('/api/files/{id}/info', {
        path: { id: ref.slice(5) },
        query: requestId ? { request: requestId } : {},
        signal: controller.signal,
      })
      .then((i) => setInfo({ name: i.name, size: i.size }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [ref, requestId]);
  return info;
}

/** A file field: upload (or replace, or remove) a file; read-only, a link to it. */
export function PortalFileWidget({ id, value, onChange, disabled, readonly, registry }: WidgetProps) {
  const t = useMessages(portalMessages);
  const requestId = (registry.formContext as PortalFormContext | undefined)?.requestId;
  const ref = typeof value === 'string' && value ? value : null;
  const info = useFileInfo(ref, requestId);
  const [state, setState] = useState<'idle' | 'uploading' | 'failed'>('idle');
  const [chosen, setChosen] = useState<{ name: string; size: number } | null>(null);
  const shown = chosen ?? info;
  const href = ref ? fileHref(ref, requestId) : null;

  const pick = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setState('uploading');
    try {
      const stored = await uploadFile(file);
      setChosen({ name: stored.name, size: stored.size });
      onChange(stored.ref);
      setState('idle');
    } catch {
      setState('failed');
    }
  };

  const link = ref && (
    <span className="fp-file__name">
      <Icon name="paperclip" size={16} />
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {shown?.name ?? t('file.attached')}
        </a>
      ) : (
        (shown?.name ?? t('file.attached'))
      )}
      {shown && <span className="fp-file__size">{fileSize(shown.size)}</span>}
    </span>
  );

  if (readonly || disabled)
    return <div className="fp-file">{link ?? <span className="fp-file__none">{t('file.none')}</span>}</div>;
  return (
    <div className="fp-file">
      {state === 'uploading' ? <span className="fp-file__name">{t('file.uploading')}</span> : link}
      <input
        id={id}
        type="file"
        className="f-visually-hidden"
        onChange={(e) => {
          void pick(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <label htmlFor={id} className="f-btn f-btn--secondary fp-file__choose">
        <Icon name="upload" size={18} />
        {ref ? t('file.replace') : t('file.choose')}
      </label>
      {ref && (
        <button
          type="button"
          className="f-btn f-btn--ghost fp-file__remove"
          onClick={() => {
            setChosen(null);
            onChange(undefined);
          }}
        >
          {t('file.remove')}
        </button>
      )}
      {state === 'failed' && <p className="f-field__error">{t('file.failed')}</p>}
    </div>
  );
}

export const portalWidgets = { fileUpload: PortalFileWidget };
