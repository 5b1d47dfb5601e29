// How a masked value reads (pure): enough to recognise it, not enough to use it.
// 13812345678 → 138****5678, alice@example.com → a****@example.com, 6222021234 → 62****34.

export const MASK = '****';

export function maskValue(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'string') return MASK;
  const chars = [...value];
  const at = value.indexOf('@');
  if (at > 0) return `${chars[0] ?? ''}${MASK}${value.slice(at)}`;
  if (chars.length >= 11) return `${chars.slice(0, 3).join('')}${MASK}${chars.slice(-4).join('')}`;
  if (chars.length >= 7) return `${chars.slice(0, 2).join('')}${MASK}${chars.slice(-2).join('')}`;
  return MASK;
}
