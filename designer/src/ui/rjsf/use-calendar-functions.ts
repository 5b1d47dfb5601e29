// A page's working-time functions for a compiled form (calendar-functions.ts) as React state: {}
// until they are loaded (Monday to Friday meanwhile), then `onLoaded` lets the page compute its
// fields again with them.
import { useEffect, useState } from 'react';
import type { CompiledForm } from '#engine/core/forms/compiled-form-core.ts';
import { formCalendarFunctions } from './calendar-functions.ts';

type Functions = Record<string, unknown>;

export function useCalendarFunctions(
  form: CompiledForm | null,
  onLoaded: (form: CompiledForm, functions: Functions) => void,
  user?: string,
): Functions {
  const [functions, setFunctions] = useState<Functions>({});
  useEffect(() => {
    let live = true;
    if (!form) return;
    void formCalendarFunctions(form, user).then((loaded) => {
      if (!live || Object.keys(loaded).length === 0) return;
      setFunctions(loaded);
      onLoaded(form, loaded);
    });
    return () => {
      live = false;
    };
    // onLoaded is the page's callback of the moment; only a new form or person loads again.
  }, [form, user]);
  return functions;
}
