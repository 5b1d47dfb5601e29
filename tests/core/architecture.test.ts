// The house rules that are about the code's shape rather than its behaviour (docs/CONTRIBUTING.md,
// docs/decisions/0007-composition-root.md), checked over the files git tracks: the dependency
// direction platform/ → workers/ → engine/, one composition root, path aliases instead of long
// relative chains, files a person reads in one sitting, and modules that stay data. eslint refuses
// a wrong import as it is written; this test says which rule a change broke, in one place.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const code = tracked.filter((f) => /\.(ts|tsx|mts)$/.test(f) && !f.endsWith('.d.ts'));

/** What a file imports: static and dynamic imports and re-exports (the module specifiers). */
const parsed = new Map<string, string[]>();
function importsOf(file: string): string[] {
  let found = parsed.get(file);
  if (!found) {
    // preProcessFile only scans for import forms (no full parse), so the whole tree reads fast.
    found = ts.preProcessFile(read(file), true, true).importedFiles.map((f) => f.fileName);
    parsed.set(file, found);
  }
  return found;
}

/** Where an import points, as a path from the repository root (aliases of package.json resolved). */
function target(file: string, specifier: string): string {
  const alias = /^#(engine|workers|platform|designer|schemas|tests|scripts)\/(.*)$/.exec(specifier);
  if (alias) {
    const base = { engine: 'engine/src', workers: 'workers/src', designer: 'designer/src' } as Record<
      string,
      string
    >;
    return `${base[alias[1]!] ?? alias[1]}/${alias[2]}`;
  }
  if (!specifier.startsWith('.')) return specifier; // a package
  return join(file, '..', specifier);
}

const importsInto = (files: string[], folder: RegExp): string[] =>
  files.flatMap((file) =>
    importsOf(file)
      .filter((s) => folder.test(target(file, s)))
      .map((s) => `${file} imports ${s}`),
  );

describe('the house', () => {
  it('reads the files it checks (the checks below are not vacuous)', () => {
    expect(code.filter((f) => f.startsWith('engine/')).length).toBeGreaterThan(200);
    expect(importsOf('platform/worker.ts')).toContain('./compose.ts');
    expect(target('engine/src/x/y.ts', '../../../workers/src/main.ts')).toBe('workers/src/main.ts');
    expect(target('engine/src/x.ts', '#platform/compose.ts')).toBe('platform/compose.ts');
  });

  it('dependencies point one way: nothing under engine/ imports workers/ or platform/, workers/ never platform/', () => {
    const engine = code.filter((f) => f.startsWith('engine/'));
    const workers = code.filter((f) => f.startsWith('workers/'));
    expect(importsInto(engine, /^(workers|platform)\//)).toEqual([]);
    expect(importsInto(workers, /^platform\//)).toEqual([]);
  });

  it('one composition root: the API, the worker and the scripts compose through platform/; only it picks adapters', () => {
    expect(importsOf('platform/start.ts')).toContain('./compose.ts');
    expect(importsOf('platform/worker.ts')).toContain('./compose.ts');
    for (const script of ['scripts/rotate-key.ts', 'scripts/gen-api-client.ts'])
      expect(importsOf(script), script).toContain('#platform/compose.ts');
    for (const script of ['scripts/backup.ts', 'scripts/restore.ts'])
      expect(importsOf(script), script).toContain('#platform/adapters.ts');
    expect(importsOf('tests/support/app-harness.ts')).toContain('#platform/compose.ts');
    // An adapter is built in platform/adapters.ts alone; the engine's scheduled restore check
    // opens a scratch copy of a backup, which is the thing it verifies. (Scripts may name an
    // adapter's error, such as a data folder another process holds.)
    const adapter =
      /\bnew (EmbeddedStore|MongoStore|InProcessJobQueue|BullmqJobQueue|DiskBlobStore|GridFsBlobStore)\(/;
    const building = code
      .filter((f) => !/^(tests|bench|engine\/src\/adapters)\//.test(f))
      .filter((f) => adapter.test(read(f)));
    expect(building).toEqual([
      'engine/src/services/backup/scheduled/verify-by-restore.ts',
      'platform/adapters.ts',
    ]);
    // The composition itself happens once: composePlatform is defined in platform/compose.ts only.
    const definers = code.filter((f) => /export (async )?function composePlatform\b/.test(read(f)));
    expect(definers).toEqual(['platform/compose.ts']);
  });

  it('routes reach services one way, as app.services: the HTTP layer builds no service and opens no adapter', () => {
    const http = code.filter((f) => f.startsWith('engine/src/http/'));
    const wiring = http.flatMap((f) => {
      const text = read(f);
      return [
        // The one app decoration is the composed services (plugins/services.ts).
        ...[...text.matchAll(/\bapp\.decorate\('(\w+)'/g)].map((m) => `${f} decorates app.${m[1]}`),
        ...[...text.matchAll(/\bnew (\w+(?:Service|Store|Queue|AuditLog))\(/g)].map(
          (m) => `${f} builds ${m[1]}`,
        ),
        ...[...text.matchAll(/\b(app\.(?:store|platform|queue)|request\.scoped|formsAndRecords)\b/g)].map(
          (m) => `${f} reaches ${m[1]}`,
        ),
        ...importsOf(f)
          .filter((s) => /^engine\/src\/adapters\//.test(target(f, s)))
          .map((s) => `${f} imports ${s}`),
      ];
    });
    expect(wiring).toEqual(['engine/src/http/plugins/services.ts decorates app.services']);
    expect(http.filter((f) => /\bapp\.services\b/.test(read(f))).length).toBeGreaterThan(40);
  });

  it('imports use path aliases, never a ../../../ chain', () => {
    const chains = code.flatMap((f) =>
      importsOf(f)
        .filter((s) => s.startsWith('../../../'))
        .map((s) => `${f} imports ${s}`),
    );
    expect(chains).toEqual([]);
  });

  it('no hand-written source file is over 500 lines', () => {
    const handWritten = tracked.filter(
      (f) =>
        /\.(ts|tsx|mts|js|mjs|css)$/.test(f) &&
        !f.startsWith('tests/') &&
        !/\.test\.|\.gen\.|^schemas\/generated\//.test(f),
    );
    expect(handWritten.length).toBeGreaterThan(500);
    const long = handWritten
      .map((f) => ({ f, lines: read(f).split('\n').length - (read(f).endsWith('\n') ? 1 : 0) }))
      .filter(({ lines }) => lines > 500)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('modules are data: no module id is a string in engine/, workers/ or platform/ code', () => {
    const ids = readdirSync(join(ROOT, 'modules'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => (JSON.parse(read(`modules/${d.name}/module.json`)) as { id: string }).id);
    expect(ids).toContain('finance');
    const named = new RegExp(`^(${ids.map((id) => id.replace(/[-.]/g, '\\$&')).join('|')})([-.:/]|$)`);
    const found: string[] = [];
    const quoted = new RegExp(`['"\`](${ids.join('|')})`); // files that may name one; parsed below
    for (const file of code.filter((f) => /^(engine|workers|platform)\//.test(f) && quoted.test(read(f)))) {
      const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, false);
      const visit = (node: ts.Node): void => {
        if ((ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) && named.test(node.text))
          found.push(`${file}: '${node.text}'`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found).toEqual([]);
  });
});
