// Full-text search on a record's title through an ordinary (multikey) store index, so both store
// adapters answer it the same way and fast. A title is indexed as tokens:
// - words (letters and digits) in lower case, as every prefix of 2+ characters (up to 20), so a
//   query for "acm" finds "Acme Trading";
// - runs of Chinese/Japanese/Korean characters as single characters and pairs of neighbours, so a
//   query for "科技" finds "深圳科技有限公司" (every pair of the query must be present).
// A query matches when every one of its tokens is among the title's.

const MAX_PREFIX = 20;
const MAX_TOKENS = 400;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUNS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu;

function runsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(RUNS) ?? [];
}

/** Tokens stored with a record for its title. */
export function titleTokens(title: string | undefined): string[] {
  if (!title) return [];
  const out = new Set<string>();
  for (const run of runsOf(title)) {
    const chars = [...run];
    if (CJK.test(run)) {
      chars.forEach((c, i) => {
        out.add(c);
        if (i + 1 < chars.length) out.add(c + (chars[i + 1] as string));
      });
    } else if (chars.length === 1) out.add(run);
    else for (let n = 2; n <= Math.min(chars.length, MAX_PREFIX); n++) out.add(chars.slice(0, n).join(''));
    if (out.size >= MAX_TOKENS) break;
  }
  return [...out].slice(0, MAX_TOKENS);
}

/** Tokens a search text must all match; empty when the text has no letters or digits. */
export function queryTokens(query: string): string[] {
  const out = new Set<string>();
  for (const run of runsOf(query)) {
    const chars = [...run];
    if (CJK.test(run)) {
      if (chars.length === 1) out.add(run);
      for (let i = 0; i + 1 < chars.length; i++) out.add((chars[i] as string) + (chars[i + 1] as string));
    } else out.add(chars.slice(0, MAX_PREFIX).join(''));
  }
  return [...out];
}
