// Code 128 (ISO/IEC 15417), written for Forma: the barcode a code field prints on its label. Each
// symbol is 11 modules wide — three bars and three spaces of 1 to 4 modules — and the stop symbol
// 13. Code set B carries printable ASCII; code set C packs two digits into one symbol, so a run of
// digits (an invoice number) prints half as wide. The checksum is the start value plus each
// symbol's value times its position, modulo 103. Pure: the browser draws it as SVG, tests render
// it as pixels.

/** Bar/space widths of symbol values 0–106 (the standard's table; 106 is the stop without its last bar). */
const PATTERNS = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '233111',
];
const START_B = 104;
const START_C = 105;
const CODE_B = 100;
const CODE_C = 99;
const STOP = 106;

/** Whether Code 128 (sets B and C) can print the text: printable ASCII, 1 to 80 characters. */
export function canEncode128(text: string): boolean {
  return /^[\x20-\x7E]{1,80}$/.test(text);
}

/** The symbol values of `text`: start, data (switching to set C for runs of 4+ digits), checksum, stop. */
export function code128Values(text: string): number[] {
  if (!canEncode128(text)) throw new RangeError('Code 128 prints 1 to 80 printable ASCII characters');
  const values: number[] = [];
  let set: 'B' | 'C' | null = null;
  let i = 0;
  const digitRun = (from: number) => {
    let n = 0;
    while (from + n < text.length && text.charCodeAt(from + n) >= 48 && text.charCodeAt(from + n) <= 57) n++;
    return n;
  };
  while (i < text.length) {
    const run = digitRun(i);
    // Set C pays off for 4 digits or more (the whole text: 2 or more); an odd run leaves its
    // first digit to set B so that the rest pairs up.
    const useC = run >= 4 || (run === text.length && run >= 2 && run % 2 === 0);
    if (useC) {
      if (run % 2 === 1) {
        if (set !== 'B') values.push(set === null ? START_B : CODE_B);
        set = 'B';
        values.push(text.charCodeAt(i) - 32);
        i++;
      }
      if (set !== 'C') values.push(set === null ? START_C : CODE_C);
      set = 'C';
      const end = i + (run - (run % 2));
      for (; i < end; i += 2) values.push(Number(text.slice(i, i + 2)));
      continue;
    }
    if (set !== 'B') values.push(set === null ? START_B : CODE_B);
    set = 'B';
    values.push(text.charCodeAt(i) - 32);
    i++;
  }
  const checksum = values.reduce((sum, v, pos) => sum + v * Math.max(pos, 1), 0) % 103;
  return [...values, checksum, STOP];
}

/**
 * The modules of the barcode, left to right: true for a bar. `quiet` modules of space on each
 * side (the standard asks for at least 10).
 */
export function code128Modules(text: string, quiet = 10): boolean[] {
  const out: boolean[] = Array<boolean>(quiet).fill(false);
  for (const value of code128Values(text)) {
    const widths = PATTERNS[value]! + (value === STOP ? '2' : '');
    [...widths].forEach((w, k) => {
      for (let n = 0; n < Number(w); n++) out.push(k % 2 === 0);
    });
  }
  for (let n = 0; n < quiet; n++) out.push(false);
  return out;
}
