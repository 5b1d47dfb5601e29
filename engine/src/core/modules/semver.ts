// Semantic versions (semver.org 2.0.0) and the ranges module manifests use in `depends`: exact
// ("1.2.3"), comparators (">=1.2.0 <2.0.0", space = and), caret ("^1.2.3": same major, or same
// minor below 1.0.0), tilde ("~1.2.3": same minor), wildcards ("*", "1.x", "1.2.x") and
// alternatives joined by "||". Pure; written for modules, not a general npm-range parser.

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers ("1.0.0-rc.1" → ['rc', '1']); empty for a release. */
  pre: string[];
}

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/;

export function parseVersion(text: string): SemVer | null {
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split('.') : [] };
}

function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      if (Number(x) !== Number(y)) return Number(x) < Number(y) ? -1 : 1;
    } else if (nx !== ny) return nx ? -1 : 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** -1, 0 or 1. */
export function compareVersions(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return comparePre(a.pre, b.pre);
}

/** Compares two version strings; throws on a malformed one. */
export function compareVersionText(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new RangeError(`not a semantic version: ${!x ? a : b}`);
  return compareVersions(x, y);
}

type Comparator = { op: '<' | '<=' | '>' | '>=' | '='; version: SemVer };

const v = (major: number, minor: number, patch: number): SemVer => ({ major, minor, patch, pre: [] });

/** One space-separated comparator set as plain comparators, or null when malformed. */
function parseSet(text: string): Comparator[] | null {
  const out: Comparator[] = [];
  for (const part of text.trim().split(/\s+/).filter(Boolean)) {
    if (part === '*' || part === 'x' || part === 'X') continue;
    const m = /^(\^|~|>=|<=|>|<|=)?(.+)$/.exec(part);
    if (!m) return null;
    const op = m[1] ?? '';
    const body = m[2]!;
    const wild = /^(0|[1-9]\d*)(?:\.(0|[1-9]\d*|x|X|\*))?(?:\.(0|[1-9]\d*|x|X|\*))?$/.exec(body);
    const exact = parseVersion(body);
    if (exact) {
      const { major, minor, patch } = exact;
      if (op === '^') {
        out.push({ op: '>=', version: exact });
        out.push({
          op: '<',
          version: major > 0 ? v(major + 1, 0, 0) : minor > 0 ? v(0, minor + 1, 0) : v(0, 0, patch + 1),
        });
      } else if (op === '~') {
        out.push({ op: '>=', version: exact }, { op: '<', version: v(major, minor + 1, 0) });
      } else out.push({ op: (op || '=') as Comparator['op'], version: exact });
      continue;
    }
    if (!wild) return null;
    const major = Number(wild[1]);
    const minorText = wild[2];
    const minorWild = minorText === undefined || /^[xX*]$/.test(minorText);
    const minor = minorWild ? 0 : Number(minorText);
    const patchWild = wild[3] === undefined || /^[xX*]$/.test(wild[3]);
    if (!patchWild) return null; // a full version was handled above
    if (op !== '' && op !== '=' && op !== '^' && op !== '~') {
      // ">=1.2" means ">=1.2.0"; "<1.2" means "<1.2.0".
      out.push({ op: op as Comparator['op'], version: v(major, minor, 0) });
      continue;
    }
    out.push({ op: '>=', version: v(major, minor, 0) });
    out.push({ op: '<', version: minorWild ? v(major + 1, 0, 0) : v(major, minor + 1, 0) });
  }
  return out;
}

function holds(c: Comparator, version: SemVer): boolean {
  const cmp = compareVersions(version, c.version);
  switch (c.op) {
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    default:
      return cmp === 0;
  }
}

/** Whether `range` is well-formed. */
export function isValidRange(range: string): boolean {
  return range.split('||').every((set) => parseSet(set) !== null);
}

/**
 * Whether `version` satisfies `range`. As npm does, a pre-release satisfies a range only when a
 * comparator of the same major.minor.patch names a pre-release too.
 */
export function satisfies(version: string, range: string): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return false;
  return range.split('||').some((text) => {
    const set = parseSet(text);
    if (!set) return false;
    if (!set.every((c) => holds(c, parsed))) return false;
    if (parsed.pre.length === 0) return true;
    return set.some(
      (c) =>
        c.version.pre.length > 0 &&
        c.version.major === parsed.major &&
        c.version.minor === parsed.minor &&
        c.version.patch === parsed.patch,
    );
  });
}
