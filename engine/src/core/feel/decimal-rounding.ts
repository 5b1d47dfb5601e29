// FEEL's rounding functions — decimal(), round up(), round down(), round half up(), round half
// down() — rounding the decimal a number stands for, in place of feelin's, which round the binary
// float: feelin gives round half up(1.005, 2) = 1 (the float 1.005 is 1.00499999…), where FEEL's
// decimal numbers give 1.01. Money is rounded with these (a payslip's social insurance, a tax to
// the fen), so each rounds the number's decimal text (the 15 significant digits the platform
// normalises every FEEL number to) with big.js.
import Big from 'big.js';

type Fn = ((...args: never[]) => unknown) & { $args: string[] };

const fn = (f: (...args: never[]) => unknown, args: string[]): Fn => Object.assign(f, { $args: args });

// big.js rounding modes: 0 down (toward zero), 1 half up, 2 half even, 3 up (away from zero).
const HALF_DOWN = -1;

function rounded(n: unknown, scale: unknown, mode: number): number | null {
  if (typeof n !== 'number' || !Number.isFinite(n) || typeof scale !== 'number' || !Number.isInteger(scale))
    return null;
  if (scale < -50 || scale > 50) return null;
  const exact = new Big(Number(n.toPrecision(15)));
  if (mode !== HALF_DOWN) return Number(exact.round(scale, mode as Big.RoundingMode));
  // Half down: like half up, except that an exact half goes toward zero.
  const up = exact.round(scale, 1);
  const halfway = exact.minus(exact.round(scale, 0)).abs().eq(new Big(10).pow(-scale).div(2));
  return Number(halfway ? exact.round(scale, 0) : up);
}

export const ROUNDING_FUNCTIONS = [
  'decimal',
  'round up',
  'round down',
  'round half up',
  'round half down',
] as const;

export const roundingFunctions: Record<(typeof ROUNDING_FUNCTIONS)[number], Fn> = {
  decimal: fn((n: unknown, scale: unknown) => rounded(n, scale, 2), ['n', 'scale']),
  'round up': fn((n: unknown, scale: unknown) => rounded(n, scale, 3), ['n', 'scale']),
  'round down': fn((n: unknown, scale: unknown) => rounded(n, scale, 0), ['n', 'scale']),
  'round half up': fn((n: unknown, scale: unknown) => rounded(n, scale, 1), ['n', 'scale']),
  'round half down': fn((n: unknown, scale: unknown) => rounded(n, scale, HALF_DOWN), ['n', 'scale']),
};

const MENTIONS = /\b(decimal|round\s+(up|down|half\s+up|half\s+down))\s*\(/;

/** Whether an expression calls one of them (only those evaluations get them in their context). */
export const usesRounding = (source: string): boolean => MENTIONS.test(source);
