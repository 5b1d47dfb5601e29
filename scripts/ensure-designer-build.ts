// Runs before `npm start` (and `npm test`): builds the web app into designer/dist when it is missing
// or stale, and does nothing otherwise, so a start stays fast. "Stale" = a hash over the app's
// sources differs from the one recorded at the last build: every file under designer/ (src, public,
// index.html, configs), every project file the last build bundled (.vite/forma-modules.json — e.g.
// shared code from engine/src/core), and package-lock.json (dependency versions).
//
// Builds go to a scratch directory and replace designer/dist by rename, under a lock, so concurrent
// starts (parallel test files, several replicas) build once and never serve a half-written app.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Vite from 'vite';

const REPO = join(import.meta.dirname, '..');
const DESIGNER = join(REPO, 'designer');
export const DIST = join(DESIGNER, 'dist');
const STAMP = '.forma-build.json';
const SCRATCH = join(REPO, 'node_modules', '.cache', 'forma-designer');
const LOCK = join(SCRATCH, 'build.lock');
const LOCK_WAIT_MS = 5 * 60_000;

interface Stamp {
  hash: string;
  builtAt: string;
}

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
}

/** The files whose content decides the build's output (repo-relative, sorted). */
function inputFiles(): string[] {
  const files: string[] = [];
  for (const name of readdirSync(DESIGNER)) {
    if (name === 'dist' || name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(DESIGNER, name);
    if (statSync(path).isDirectory()) walk(path, files);
    else files.push(path);
  }
  files.push(join(REPO, 'package-lock.json'));
  const report = join(DIST, '.vite', 'forma-modules.json');
  if (existsSync(report)) {
    const { chunks } = JSON.parse(readFileSync(report, 'utf8')) as { chunks: Record<string, string[]> };
    for (const modules of Object.values(chunks))
      for (const m of modules)
        if (!m.startsWith('node_modules/') && !m.startsWith('..')) files.push(join(REPO, m));
  }
  return [...new Set(files.map((f) => relative(REPO, f)))].sort();
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of inputFiles()) {
    hash.update(`${file}\0`);
    const path = join(REPO, file);
    hash.update(existsSync(path) ? readFileSync(path) : 'missing');
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readStamp(): Stamp | null {
  try {
    return JSON.parse(readFileSync(join(DIST, STAMP), 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

/** Whether designer/dist holds a build of the current sources. */
export function isFresh(): boolean {
  const stamp = readStamp();
  return !!stamp && existsSync(join(DIST, 'index.html')) && stamp.hash === sourceHash();
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(SCRATCH, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      } catch {
        // The owner is between mkdir and writing its pid: wait for it.
      }
      // A builder that died (killed start) leaves its lock behind: take it over.
      if (Number.isInteger(owner) && !alive(owner)) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`timed out waiting for the designer build lock ${LOCK}`);
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** An install without dev dependencies cannot build: the API still starts (and says so). */
class ViteMissingError extends Error {
  constructor() {
    super(
      existsSync(join(DIST, 'index.html'))
        ? 'designer/dist is out of date and vite is not installed (npm install --omit=dev?): serving the existing build. Run `npm install` to rebuild.'
        : 'designer/dist is missing and vite is not installed (npm install --omit=dev?): the API starts without the web app. Run `npm install`, or copy a built designer/dist.',
    );
  }
}

async function build(): Promise<void> {
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    throw new ViteMissingError();
  }
  const out = join(SCRATCH, `dist-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  // Vite bundles React's development build when NODE_ENV says so (vitest sets it to "test"): the
  // app served must always be the production build, whoever asked for it.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({
      configFile: join(DESIGNER, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  // Hash after the build: it lists the project files the bundle actually used.
  const old = join(SCRATCH, `old-${process.pid}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(out, DIST);
  rmSync(old, { recursive: true, force: true });
  writeFileSync(
    join(DIST, STAMP),
    `${JSON.stringify({ hash: sourceHash(), builtAt: new Date().toISOString() })}\n`,
  );
}

/** Builds designer/dist unless it is fresh; returns whether it built. */
export async function ensureDesignerBuild(log: (line: string) => void = console.error): Promise<boolean> {
  if (isFresh()) return false;
  return withLock(async () => {
    if (isFresh()) return false; // another process built it while we waited
    log('Building the web app (designer/dist is missing or out of date)…');
    const started = Date.now();
    await build();
    log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return true;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await ensureDesignerBuild();
  } catch (error) {
    if (error instanceof ViteMissingError) console.error(`Warning: ${error.message}`);
    else {
      console.error(`Could not build the web app: ${(error as Error).message}`);
      process.exit(1);
    }
  }
}
