// The request form's fields (from the start event's form), which the condition builder and the
// simulation offer; read again when the start event's form or the language changes.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Locale } from '#designer/i18n/define.ts';
import type { FormDefinition } from '#designer/form-designer/model/types.ts';
import { formVersion } from '../api.ts';
import type { Modeler } from '../modeler/create.ts';
import { readFormId } from '../model/zeebe-edit.ts';
import { fieldOptions, type FieldOption } from '../panels/context.ts';
import { startEventOf } from '../panels/ProcessPanel.tsx';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js services are untyped */

export function useRequestFields(
  modelerRef: RefObject<Modeler | null>,
  ready: boolean,
  rev: number,
  locale: Locale,
) {
  const [fields, setFields] = useState<FieldOption[]>([]);
  const [definition, setDefinition] = useState<FormDefinition | null>(null);
  // The request form read last ('' none, null: read it again).
  const formIdRef = useRef<string | null>(null);

  useEffect(() => {
    const m = modelerRef.current as any;
    if (!ready || !m) return;
    const start = startEventOf(m, m.get('canvas').getRootElement());
    const formId = start ? readFormId(start.businessObject) : '';
    if (formId === formIdRef.current) return;
    formIdRef.current = formId;
    if (!formId) {
      setFields([]);
      setDefinition(null);
      return;
    }
    formVersion(formId)
      .then((def) => {
        if (formIdRef.current !== formId) return;
        setFields(fieldOptions(def, locale));
        setDefinition(def);
      })
      .catch(() => {
        setFields([]);
        setDefinition(null);
      });
  }, [ready, rev, locale]);

  // After the read above: a new language makes the next read (by the modeler made again) fetch
  // the form again, for its labels in that language.
  useEffect(() => {
    formIdRef.current = null;
  }, [locale]);

  /** The request form's id ('' when the start event names none) and its definition. */
  return { fields, definition, requestFormId: formIdRef.current ?? '' };
}
