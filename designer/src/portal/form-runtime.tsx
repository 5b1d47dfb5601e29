// Request forms in the portal: a published form version as rjsf renders it (loadForm) and file
// fields as uploads. Checked in the browser by the server's own code (engine/src/core/forms:
// defaults, canonical values, computed fields, the same AJV configuration and the same localized
// messages: ui/rjsf/server-checks.ts, or for a new request the validators the server compiled,
// request-checks.ts), the server's problems (422 details, JSON pointers) shown at their fields.
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { RJSFSchema, UiSchema, WidgetProps } from '@rjsf/utils';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Locale } from '../i18n/define.ts';
import { useMessages } from '../i18n/react.tsx';
import { Icon } from '../ui/index.ts';
import { uploadFile } from './data.ts';
import { fileHref, fileSize } from './file-links.ts';
import { withPortalWidgets } from './form-logic.ts';

export { withoutReadOnly, withPortalWidgets } from './form-logic.ts';
import { portalMessages } from './messages.ts';
import { prefetchedOr, renderUrl } from './prefetch.ts';
import './new-request.css';

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
  const read = () =>
    api.get('/api/forms/{id}/render', {
      path: { id: formId },
      query: { locale, ...(version ? { version } : {}) },
      ...(signal ? { signal } : {}),
    });
  // The current version may have been read already, when the app opened on a new request.
  const rendered = version ? await read() : await prefetchedOr(renderUrl(formId, locale), read);
  const schema = rendered.schema as RJSFSchema;
  return {
    version: rendered.version,
    definition: rendered.definition,
    schema,
    uiSchema: withPortalWidgets(schema, rendered.uiSchema as UiSchema, rendered.definition),
  };
}

// ---- files ---------------------------------------------------------------------------------------

export interface PortalFormContext {
  /** The request the form belongs to: links to its files go through it. */
  requestId?: string;
}

function useFileInfo(ref: string | null, requestId: string | undefined) {
  const [info, setInfo] = useState<{ name: string; size: number; contentType?: string } | null>(null);
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
      .then((i) => setInfo({ name: i.name, size: i.size, contentType: i.contentType }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [ref, requestId]);
  return info;
}

const PICTURE = /\.(png|jpe?g|gif|webp|avif|bmp)$/i;

/** Whether a file is a picture a browser shows (by its type, else by its name). */
export function isPicture(file: { name: string; contentType?: string | undefined }): boolean {
  return file.contentType ? file.contentType.startsWith('image/') : PICTURE.test(file.name);
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

  // Read-only (a request being decided): pictures are shown in place, not behind a link.
  if (readonly || disabled)
    return (
      <div className="fp-file">
        {link ?? <span className="fp-file__none">{t('file.none')}</span>}
        {href && shown && isPicture(shown) && (
          <a href={href} target="_blank" rel="noopener noreferrer" className="fp-file__preview">
            <img src={href} alt={shown.name} loading="lazy" />
          </a>
        )}
      </div>
    );
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
