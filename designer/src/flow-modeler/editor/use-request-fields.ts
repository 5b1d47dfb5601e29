// The request form's fields (from the start event's form), which the condition builder and the
// simulation offer; read again when the start event's form or the language changes.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Locale } from '#designer/i18n/define.ts';
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
      return;
    }
    formVersion(formId)
      .then((def) => formIdRef.current === formId && setFields(fieldOptions(def, locale)))
      .catch(() => setFields([]));
  }, [ready, rev, locale]);

  // After the read above: a new language makes the next read (by the modeler made again) fetch
  // the form again, for its labels in that language.
  useEffect(() => {
    formIdRef.current = null;
  }, [locale]);

  /** The request form's id ('' when the start event names none). */
  return { fields, requestFormId: formIdRef.current ?? '' };
}
