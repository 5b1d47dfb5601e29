// The label codes the web app draws: Code 128 (our own encoder) and QR (the qrcode package), read
// back by the same decoder the scanner uses in the browser (zxing-wasm, its WebAssembly loaded from
// node_modules as the app serves it from its own assets). A code that does not decode to its text
// fails here, not on a warehouse shelf.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { canEncode128, code128Modules, code128Values } from '#designer/ui/codes/code128.ts';
import { qrMatrix } from '#designer/ui/codes/qr.ts';

const WASM = join(
  import.meta.dirname,
  '..',
  '..',
  'node_modules',
  'zxing-wasm',
  'dist',
  'reader',
  'zxing_reader.wasm',
);

/** A grayscale picture as RGBA ImageData: white, with dark cells where `dark(x, y)`. */
function picture(width: number, height: number, dark: (x: number, y: number) => boolean) {
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (dark(x, y)) data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
  return { data, width, height, colorSpace: 'srgb' as const } as unknown as ImageData;
}

async function decode(image: ImageData, format: 'Code128' | 'QRCode') {
  const results = await readBarcodes(image, { formats: [format] });
  return results.filter((r) => r.isValid).map((r) => r.text);
}

beforeAll(() => {
  const binary = readFileSync(WASM);
  prepareZXingModule({
    overrides: { wasmBinary: binary.buffer.slice(binary.byteOffset, binary.byteOffset + binary.byteLength) },
  });
});

describe('Code 128', () => {
  it('packs digit runs into code set C and computes the checksum', () => {
    // Start C (105); 10 01 00 02; checksum (105 + 10·1 + 1·2 + 0·3 + 2·4) mod 103 = 22; stop.
    expect(code128Values('10010002')).toEqual([105, 10, 1, 0, 2, 22, 106]);
    // Letters in set B, a run of four digits in C, back to B.
    expect(code128Values('X1234Y')).toEqual([104, 56, 99, 12, 34, 100, 57, 33, 106]);
    expect(canEncode128('仓库-1')).toBe(false);
    expect(() => code128Values('')).toThrow(RangeError);
  });

  it.each(['10010002', 'CARD-0001', 'A1', '12345', 'X1234Y', 'inv 2026/07 #42', '000000000000000001'])(
    'draws %s as bars the scanner reads back',
    async (text) => {
      const modules = code128Modules(text);
      // Every symbol is 11 modules, the stop 13, plus 10 quiet modules each side.
      expect(modules.length).toBe((code128Values(text).length - 1) * 11 + 13 + 20);
      const scale = 3;
      const image = picture(
        modules.length * scale,
        60,
        (x, y) => y > 10 && y < 50 && modules[Math.floor(x / scale)]!,
      );
      expect(await decode(image, 'Code128')).toEqual([text]);
    },
  );
});

describe('QR code', () => {
  it.each([
    'demo-inv-s-002',
    'https://forma.example/records/finance-invoice/demo-inv-s-002',
    '发票 10010002',
  ])('draws %s as modules the scanner reads back', async (text) => {
    const { size, dark } = qrMatrix(text);
    const scale = 4;
    const quiet = 4;
    const side = (size + 2 * quiet) * scale;
    const image = picture(side, side, (x, y) => {
      const col = Math.floor(x / scale) - quiet;
      const row = Math.floor(y / scale) - quiet;
      return row >= 0 && col >= 0 && row < size && col < size && dark(row, col);
    });
    expect(await decode(image, 'QRCode')).toEqual([text]);
  });
});
