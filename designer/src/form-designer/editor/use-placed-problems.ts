// The server's problems (JSON pointers into the definition) placed where the analyst can act on
// them: at a field's property, at a form setting, or — when neither fits — in a list on top.
import { useMemo } from 'react';
import { useLocale } from '#designer/i18n/react.tsx';
import type { Problem } from '../api.ts';
import { flatten } from '../model/ops.ts';
import { problemPlace } from '../model/pointers.ts';
import type { DesignForm, FormDefinition } from '../model/types.ts';
import type { PanelProblem } from './properties/PropertyPanel.tsx';

export interface PlacedProblems {
  /** By field uid (a problem under a field that no card shows goes to the nearest card above it). */
  byField: Map<string, PanelProblem[]>;
  /** By form setting (name, description, titleField …). */
  byForm: Map<string, string[]>;
  elsewhere: string[];
  count: number;
}

export function usePlacedProblems(
  problems: Problem[],
  form: DesignForm | undefined,
  definition: FormDefinition | null,
): PlacedProblems {
  const { locale } = useLocale();
  return useMemo(() => {
    const byField = new Map<string, PanelProblem[]>();
    const byForm = new Map<string, string[]>();
    const elsewhere: string[] = [];
    if (!form || !definition) return { byField, byForm, elsewhere, count: 0 };
    const uidOf = new Map(flatten(form.fields).map((e) => [e.path, e.field.uid]));
    for (const p of problems) {
      const message = locale === 'zh-CN' ? (p.messageZh ?? p.message) : p.message;
      const place = problemPlace(p.path, definition);
      if (place.field) {
        let path = place.field;
        while (!uidOf.has(path) && path.includes('.')) path = path.slice(0, path.lastIndexOf('.'));
        const uid = uidOf.get(path);
        if (uid) {
          byField.set(uid, [...(byField.get(uid) ?? []), { prop: place.prop, message }]);
          continue;
        }
      }
      if (place.form) byForm.set(place.form, [...(byForm.get(place.form) ?? []), message]);
      else elsewhere.push(message);
    }
    return { byField, byForm, elsewhere, count: problems.length };
  }, [problems, form, definition, locale]);
}
