// A code as SVG: a Code 128 barcode or a QR code, drawn as crisp rectangles (one path) that print
// sharply at any size. `kind` follows the field's format: barcode or qrcode.
import { useMemo } from 'react';
import { canEncode128, code128Modules } from './code128.ts';
import { qrMatrix } from './qr.ts';

export type CodeKind = 'barcode' | 'qrcode';

/** The SVG path of the bars (each run of dark modules one rectangle, `height` units tall). */
function barPath(modules: boolean[], height: number): string {
  let d = '';
  for (let x = 0; x < modules.length;) {
    if (!modules[x]) {
      x++;
      continue;
    }
    let w = 0;
    while (modules[x + w]) w++;
    d += `M${x} 0h${w}v${height}h-${w}z`;
    x += w;
  }
  return d;
}

export function CodeSvg({
  kind,
  value,
  label,
  className,
}: {
  kind: CodeKind;
  value: string;
  /** What the code says, for screen readers. */
  label: string;
  className?: string;
}) {
  const drawing = useMemo(() => {
    if (kind === 'barcode') {
      if (!canEncode128(value)) return null;
      const modules = code128Modules(value);
      const height = 50;
      return { width: modules.length, height, d: barPath(modules, height) };
    }
    try {
      const { size, dark } = qrMatrix(value);
      const quiet = 4;
      let d = '';
      for (let row = 0; row < size; row++)
        for (let col = 0; col < size; col++)
          if (dark(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`;
      return { width: size + 2 * quiet, height: size + 2 * quiet, d };
    } catch {
      return null; // too long for a QR code
    }
  }, [kind, value]);
  if (!drawing) return null;
  return (
    <svg
      className={className}
      viewBox={`0 0 ${drawing.width} ${drawing.height}`}
      preserveAspectRatio={kind === 'barcode' ? 'none' : 'xMidYMid meet'}
      shapeRendering="crispEdges"
      role="img"
      aria-label={label}
      data-code-kind={kind}
      data-code-value={value}
    >
      <rect width={drawing.width} height={drawing.height} fill="#fff" />
      <path d={drawing.d} fill="#000" />
    </svg>
  );
}
