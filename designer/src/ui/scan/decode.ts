// Reading a code from a camera frame. The browser's own BarcodeDetector where it has one that reads
// the formats labels use (Android, macOS, ChromeOS); elsewhere ZXing-C++ compiled to WebAssembly
// (zxing-wasm), loaded on first use from this app's own assets — never a CDN: the .wasm file is
// bundled by Vite (`?url`) and served by Forma like any other asset, so scanning works offline and
// behind a firewall. Only pages that scan download either.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** What labels carry: Code 128 barcodes and QR codes, and the EAN/UPC codes on bought goods. */
const FORMATS = ['code_128', 'qr_code', 'ean_13', 'ean_8', 'upc_a', 'code_39'] as const;
const ZXING_FORMATS = ['Code128', 'QRCode', 'EAN13', 'EAN8', 'UPCA', 'Code39'] as const;

export type Decoder = (frame: ImageData) => Promise<string | null>;

interface NativeDetector {
  detect(source: ImageData): Promise<Array<{ rawValue: string }>>;
}
type NativeDetectorClass = {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
};

async function nativeDecoder(): Promise<Decoder | null> {
  const Detector = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Detector) return null;
  try {
    const supported = await Detector.getSupportedFormats();
    if (!supported.includes('code_128') || !supported.includes('qr_code')) return null;
    const detector = new Detector({ formats: FORMATS.filter((f) => supported.includes(f)) });
    return async (frame) => (await detector.detect(frame))[0]?.rawValue ?? null;
  } catch {
    return null;
  }
}

async function zxingDecoder(): Promise<Decoder> {
  const { prepareZXingModule, readBarcodes } = await import('zxing-wasm/reader');
  prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
    },
  });
  return async (frame) => {
    const results = await readBarcodes(frame, {
      formats: [...ZXING_FORMATS],
      tryHarder: true,
      maxNumberOfSymbols: 1,
    });
    return results.find((r) => r.isValid)?.text ?? null;
  };
}

let decoder: Promise<{ decode: Decoder; engine: 'native' | 'zxing' }> | null = null;

/** The decoder of this browser (made once). `engine` says which one, for tests and support. */
export function getDecoder(): Promise<{ decode: Decoder; engine: 'native' | 'zxing' }> {
  decoder ??= nativeDecoder().then(async (native) =>
    native
      ? { decode: native, engine: 'native' as const }
      : { decode: await zxingDecoder(), engine: 'zxing' as const },
  );
  return decoder;
}
