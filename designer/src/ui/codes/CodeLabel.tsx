// A printable label with a code: what it belongs to (a title and a line or two), the code itself
// (Code 128 barcode or QR code, as SVG) and its value in plain text for a person to read. The
// record page links to /records/:form/:id/label, which prints one per code field; other pages may
// place a label themselves (import from ui/codes/CodeLabel.tsx — a lazy page only).
import type { ReactNode } from 'react';
import { CodeSvg, type CodeKind } from './CodeSvg.tsx';
import './code-label.css';

export function CodeLabel({
  kind,
  value,
  title,
  lines = [],
  footer,
}: {
  kind: CodeKind;
  value: string;
  title: string;
  /** Small lines under the title (the field's name, the document type). */
  lines?: string[];
  footer?: ReactNode;
}) {
  return (
    <figure className={`f-code-label f-code-label--${kind}`} data-code={value}>
      <figcaption className="f-code-label__head">
        <span className="f-code-label__title">{title}</span>
        {lines.map((line) => (
          <span key={line} className="f-code-label__line">
            {line}
          </span>
        ))}
      </figcaption>
      <CodeSvg kind={kind} value={value} label={value} className="f-code-label__code" />
      <span className="f-code-label__value">{value}</span>
      {footer}
    </figure>
  );
}
