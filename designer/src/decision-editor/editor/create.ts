// dmn-js as the decision editor uses it: the decision table, literal expression and decision
// requirements (DRD) editors with dmn-js's texts in the user's language. This file — and so
// dmn-js — is only reached from the decision editor page's lazy chunk.
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import DmnModeler from 'dmn-js/lib/Modeler';
import type { Locale } from '#designer/i18n/define.ts';
import formaModdle from '#schemas/forma-dmn-moddle.json';
import { dmnTexts } from './dmn-texts.ts';

export type DecisionModeler = DmnModeler;

/**
 * dmn-js's `translate` service over our catalog. dmn-js writes placeholders with spaces
 * (`{ sample }`), so they are matched with their spaces trimmed.
 */
function translateModule(texts: Readonly<Record<string, string>>) {
  const translate = (template: string, replacements: Record<string, string> = {}): string =>
    (texts[template] ?? template).replace(/\{([^}]+)\}/g, (whole, key: string) =>
      replacements[key.trim()] === undefined ? whole : String(replacements[key.trim()]),
    );
  return { translate: ['value', translate] };
}

/** dmn-js's editors, one per kind of view; each is given its modules on its own. */
const VIEW_KINDS = ['drd', 'decisionTable', 'literalExpression', 'boxedExpression'] as const;

export function createDecisionModeler(container: HTMLElement, locale: Locale): DecisionModeler {
  // dmn-js replaces `common.additionalModules` with each view's own list, so the translation is
  // given to every view. (Its keyboard binds to the editor's canvas by itself.)
  const translate = translateModule(dmnTexts[locale]);
  return new DmnModeler({
    container,
    // forma:nameZh (a table's Chinese name) read and written as the engine reads it.
    moddleExtensions: { forma: formaModdle },
    ...Object.fromEntries(VIEW_KINDS.map((kind) => [kind, { additionalModules: [translate] }])),
  });
}
