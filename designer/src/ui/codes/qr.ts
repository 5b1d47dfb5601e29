// QR codes through the `qrcode` package (ISO/IEC 18004: version, mask and error correction chosen
// by it): the dark modules as a square matrix, which CodeSvg draws. Error correction M (15 %) keeps
// a label readable after a scratch without making short texts much larger.
import { create } from 'qrcode';

/** The QR code of `text`: `size`×`size` modules, row by row (true: dark). */
export function qrMatrix(text: string): { size: number; dark: (row: number, col: number) => boolean } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, col) => !!modules.get(row, col) };
}
