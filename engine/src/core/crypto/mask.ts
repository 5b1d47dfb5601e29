// How a sensitive value reads for someone who may not see it (pure): enough to recognise it, not
// enough to use it. The field's format decides: 13812345678 → 138****5678, an ID card keeps its
// first 6 and last 4 characters, a bank account its country code and last 4, an email its first
// letter and domain; amounts and numbers give nothing away.

export const MASK = '****';

export function maskSensitive(value: unknown, format?: string): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'string') return MASK;
  const chars = [...value];
  switch (format) {
    case 'cn-mobile':
      return chars.length === 11 ? `${chars.slice(0, 3).join('')}${MASK}${chars.slice(-4).join('')}` : MASK;
    case 'cn-id-card':
      return chars.length === 18
        ? `${chars.slice(0, 6).join('')}${'*'.repeat(8)}${chars.slice(-4).join('')}`
        : MASK;
    case 'iban':
      return chars.length > 8 ? `${chars.slice(0, 2).join('')}${MASK}${chars.slice(-4).join('')}` : MASK;
    case 'money':
    case 'percentage':
      return MASK;
    case 'email': {
      const at = value.indexOf('@');
      return at > 0 ? `${chars[0]}${MASK}${value.slice(at)}` : MASK;
    }
    default:
      if (chars.length >= 11) return `${chars.slice(0, 3).join('')}${MASK}${chars.slice(-4).join('')}`;
      if (chars.length >= 7) return `${chars.slice(0, 2).join('')}${MASK}${chars.slice(-2).join('')}`;
      return MASK;
  }
}
