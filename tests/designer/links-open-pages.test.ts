// Every link the platform and the modules put into a notification, an alert or a message opens a
// page of the web app (designer/src/shell/routes.ts), never "page not found": the addresses the
// platform's code writes (`'/admin/backup'`, `` `/inbox/${taskId}` ``, a report row's record), and the ones
// module data writes — an automation's notify (`="/records/crm-customer/" + record.id`), a report
// alert's, a BPMN task's `link` header. A link to a document type's records or a report names one
// the modules define. Pure: reads files, starts nothing. (The browser test records.test.ts clicks
// a report alert in the bell; this one covers every other link at once.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleItemId } from '#engine/core/modules/ids.ts';

const ROOT = join(import.meta.dirname, '..', '..');

interface FoundLink {
  /** Where it was written (file, and the place inside it). */
  where: string;
  /** The path it opens; a value only known when it is sent is `ID`. */
  path: string;
}

const ID = 'some-id';

/**
 * The web app's pages: the paths of its route registry, read from its text (importing it would
 * bring every page's code — the modelers' too — into the server's type check).
 */
const ROUTE_PATHS = [
  ...readFileSync(join(ROOT, 'designer/src/shell/routes.ts'), 'utf8').matchAll(/^\s+path: '([^']+)',$/gm),
].map((m) => m[1]!);

/** The route a path opens, with its :params, as the app's router matches it. */
function findRoute(pathname: string): { route: string; params: Record<string, string> } | null {
  const have = pathname.split('/').filter(Boolean);
  for (const route of ROUTE_PATHS) {
    const want = route.split('/').filter(Boolean);
    if (want.length !== have.length) continue;
    const params: Record<string, string> = {};
    if (
      want.every((part, i) => (part.startsWith(':') ? (params[part.slice(1)] = have[i]!) : part === have[i]))
    )
      return { route, params };
  }
  return null;
}

/** The path a link value opens: a literal, or a FEEL text that starts with one (`="/x/" + id`). */
function pathOf(value: string): string | null {
  if (!value.startsWith('=')) return value;
  const literal = /^=\s*"([^"]*)"\s*(\+)?/.exec(value);
  if (!literal) return null;
  return literal[1]! + (literal[2] ? ID : '');
}

/** Every `link` string in module data (automations, reports), with where it is. */
function linksIn(value: unknown, where: string, out: FoundLink[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => linksIn(v, `${where}/${i}`, out));
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      if (key === 'link' && typeof v === 'string') {
        const path = pathOf(v);
        out.push({ where: `${where}/link`, path: path ?? `(not a path: ${v})` });
      } else linksIn(v, `${where}/${key}`, out);
    }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The web app's top-level sections: a text starting with one of them is a page's address. */
const SECTIONS = 'admin|records|reports|inbox|requests|dashboards|ledger|analytics|design|account|scan';
const PAGE_TEXT = new RegExp(`(['\`])(/(?:${SECTIONS})\\b[^'\`]*)\\1`, 'g');

/**
 * The page addresses the platform's code writes (`link: '/admin/audit'`, `const LINK = …`, a
 * report alert's `` `/reports/${id}` ``, a drilled row's record) in its services, workers and
 * report links; a value filled in when it is sent (`${taskId}`) becomes `ID`.
 */
function platformLinks(): FoundLink[] {
  const out: FoundLink[] = [];
  const dirs = ['engine/src/services', 'engine/src/core/reports', 'workers/src'];
  for (const file of dirs.flatMap((d) => sourceFiles(join(ROOT, d))))
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments
        for (const m of line.matchAll(PAGE_TEXT))
          out.push({ where: `${relative(ROOT, file)}:${i + 1}`, path: m[2]!.replace(/\$\{[^}]*\}/g, ID) });
      });
  return out;
}

/** A module folder's files of one kind: [name without extension, text]. */
function filesOf(folder: string, dir: string, ext: string): Array<[string, string]> {
  const at = join(folder, dir);
  if (!existsSync(at)) return [];
  return readdirSync(at)
    .filter((f) => f.endsWith(ext))
    .map((f) => [basename(f, ext), readFileSync(join(at, f), 'utf8')]);
}

/** The modules' document types and reports by id, and every link their data writes. */
function moduleData() {
  const forms = new Set<string>();
  const reports = new Set<string>();
  const links: FoundLink[] = [];
  const modulesDir = join(ROOT, 'modules');
  for (const folder of readdirSync(modulesDir).map((m) => join(modulesDir, m))) {
    if (!existsSync(join(folder, 'module.json'))) continue;
    const id = (JSON.parse(readFileSync(join(folder, 'module.json'), 'utf8')) as { id: string }).id;
    const where = relative(ROOT, folder);
    if (existsSync(join(folder, 'doctypes')))
      for (const d of readdirSync(join(folder, 'doctypes'))) forms.add(moduleItemId(id, d));
    for (const [name, text] of filesOf(folder, 'reports', '.json')) {
      reports.add(moduleItemId(id, name));
      linksIn(
        (JSON.parse(text) as { alerts?: unknown }).alerts ?? [],
        `${where}/reports/${name}.json#/alerts`,
        links,
      );
    }
    for (const [name, text] of filesOf(folder, 'automations', '.json'))
      linksIn(JSON.parse(text), `${where}/automations/${name}.json#`, links);
    for (const [name, xml] of filesOf(folder, 'flows', '.bpmn'))
      for (const h of xml.matchAll(/<zeebe:header key="link" value="([^"]*)"/g)) {
        const value = h[1]!.replaceAll('&quot;', '"');
        links.push({ where: `${where}/flows/${name}.bpmn`, path: pathOf(value) ?? `(not a path: ${value})` });
      }
  }
  return { forms, reports, links };
}

describe('links open pages of the web app', () => {
  const { forms, reports, links: moduleLinks } = moduleData();

  /** The problem with a link, or null when it opens a page that exists. */
  function problemOf(link: FoundLink): string | null {
    const [pathname] = link.path.split('?');
    const found = findRoute(pathname!);
    if (!found) return `${link.where}: ${link.path} is no page of the web app`;
    const { form, id } = found.params;
    if (found.route.startsWith('/records/:form') && form !== ID && !forms.has(form!))
      return `${link.where}: ${link.path} names no document type`;
    if (found.route === '/reports/:id' && id !== ID && !reports.has(id!))
      return `${link.where}: ${link.path} names no report`;
    return null;
  }

  it("finds the platform's links and every one opens a page", () => {
    const links = platformLinks();
    // The notices people act on are among them: a task, a request, an incident, a backup.
    const paths = new Set(links.map((l) => l.path));
    for (const known of [
      `/inbox/${ID}`,
      `/requests/${ID}`,
      '/admin/incidents',
      '/admin/backup',
      `/reports/${ID}`,
      `/records/${ID}/${ID}`,
    ])
      expect(paths).toContain(known);
    expect(links.map(problemOf).filter(Boolean)).toEqual([]);
  });

  it("finds the modules' links — automations, report alerts, BPMN headers — and every one opens a page", () => {
    const links = moduleLinks;
    // Notices of every kind the modules send are among them.
    expect(links.length).toBeGreaterThan(8);
    expect(links.some((l) => l.where.includes('.bpmn'))).toBe(true);
    expect(links.some((l) => l.where.includes('alerts'))).toBe(true);
    expect(links.map(problemOf).filter(Boolean)).toEqual([]);
  });

  it('says so for a link that leads nowhere or names what does not exist', () => {
    expect(ROUTE_PATHS.length).toBeGreaterThan(30);
    expect(ROUTE_PATHS).toContain('/records/:form/:id');
    expect(problemOf({ where: 'x', path: '/record/finance-invoice/1' })).toMatch(/no page/);
    expect(problemOf({ where: 'x', path: '/records/finance-invoices/1' })).toMatch(/no document type/);
    expect(problemOf({ where: 'x', path: '/reports/finance-nothing' })).toMatch(/no report/);
    expect(problemOf({ where: 'x', path: '/records/finance-invoice?where={}' })).toBeNull();
  });
});
