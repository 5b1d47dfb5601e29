// The web app speaks both languages everywhere: every catalog (defineMessages in designer/src) has
// the same keys with the same {placeholders} in en and zh-CN and really is translated, and no
// component writes human text straight into its JSX (it must come from a catalog).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'designer', 'src');

interface Catalog {
  en: Record<string, string>;
  'zh-CN': Record<string, string>;
  same: string[];
}

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const isCatalog = (value: unknown): value is Catalog =>
  !!value && typeof value === 'object' && 'en' in value && 'zh-CN' in value && 'same' in value;

async function catalogs(): Promise<{ name: string; catalog: Catalog }[]> {
  const files = sourceFiles().filter(
    (f) => !f.endsWith('i18n/define.ts') && /define(Messages|LibraryTexts)\(/.test(readFileSync(f, 'utf8')),
  );
  const found: { name: string; catalog: Catalog }[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(mod))
      if (isCatalog(value)) found.push({ name: `${relative(SRC, file)} ${exported}`, catalog: value });
  }
  return found;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const HAS_LETTER = /\p{L}/u;
const HAS_CJK = /\p{Script=Han}/u;

/** Attributes whose value people read. */
const TEXT_ATTRIBUTES = new Set([
  'title',
  'placeholder',
  'alt',
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'label',
  'hint',
  'intro',
  'error',
  'documentTitle',
]);

/** Human text written directly in JSX: `<p>Save</p>`, `title="Save"`, `{'Save'}`. */
export function untranslatedLiterals(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string): void => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${fileName}:${line + 1}: ${JSON.stringify(text.trim())}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && HAS_LETTER.test(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(file))) {
      const init = node.initializer;
      const literal = init && ts.isJsxExpression(init) ? init.expression : init;
      if (literal && ts.isStringLiteralLike(literal) && HAS_LETTER.test(literal.text))
        report(node, literal.text);
    }
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      ts.isStringLiteralLike(node.expression) &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) &&
      HAS_LETTER.test(node.expression.text)
    )
      report(node, node.expression.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('web app translations', () => {
  it('finds the catalogs (the checks below are not vacuous)', async () => {
    const names = (await catalogs()).map((c) => c.name);
    expect(names).toContain('shell/messages.ts shellMessages');
    expect(names).toContain('flow-modeler/modeler/bpmn-texts.ts bpmnTexts');
    expect(names).toContain('decision-editor/editor/dmn-texts.ts dmnTexts');
    expect(names.length).toBeGreaterThanOrEqual(6);
  });

  it('every catalog has the same keys and placeholders in en and zh-CN, none empty', async () => {
    const problems: string[] = [];
    for (const { name, catalog } of await catalogs()) {
      const en = Object.keys(catalog.en).sort();
      const zh = Object.keys(catalog['zh-CN']).sort();
      if (JSON.stringify(en) !== JSON.stringify(zh))
        problems.push(`${name}: keys differ between en and zh-CN`);
      for (const key of en) {
        const [e, z] = [catalog.en[key] ?? '', catalog['zh-CN'][key] ?? ''];
        if (!e.trim() || !z.trim()) problems.push(`${name} ${key}: empty text`);
        if (JSON.stringify(placeholders(e)) !== JSON.stringify(placeholders(z)))
          problems.push(`${name} ${key}: placeholders differ (${e} / ${z})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('zh-CN texts are Chinese, except the ones declared the same in both languages', async () => {
    const problems: string[] = [];
    for (const { name, catalog } of await catalogs())
      for (const [key, zh] of Object.entries(catalog['zh-CN'])) {
        const declaredSame = catalog.same.includes(key);
        if (declaredSame && zh !== catalog.en[key])
          problems.push(`${name} ${key}: listed as same, but differs`);
        if (!declaredSame && HAS_LETTER.test(zh) && !HAS_CJK.test(zh))
          problems.push(`${name} ${key}: "${zh}" is not translated`);
      }
    expect(problems).toEqual([]);
  });

  it('components put no human text directly into JSX', () => {
    const found = sourceFiles()
      .filter((f) => f.endsWith('.tsx'))
      .flatMap((f) => untranslatedLiterals(relative(SRC, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the literal check catches text, text attributes and string expressions', () => {
    const source = `
      export const A = () => <p title="Save it">Save {'now'} <b aria-label={"Close"}>{t('ok')}</b></p>;
      export const B = () => <input type="password" className="f-input" placeholder={t('x')} />;
    `;
    expect(untranslatedLiterals('x.tsx', source)).toEqual([
      'x.tsx:2: "Save it"',
      'x.tsx:2: "Save"',
      'x.tsx:2: "now"',
      'x.tsx:2: "Close"',
    ]);
  });
});
