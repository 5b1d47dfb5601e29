// A camera for browser tests: Chromium plays a video file as its camera
// (--use-file-for-fake-video-capture). The file is written here in Y4M — a text header, then per
// frame "FRAME\n" and the raw YUV 4:2:0 planes — with a Code 128 barcode drawn by the web app's
// own encoder in black on white, so a scan in the browser must decode real pixels.
import { writeFileSync } from 'node:fs';
import { code128Modules } from '#designer/ui/codes/code128.ts';

export interface FakeCamera {
  /** The Y4M file. */
  file: string;
  /** The switches that make Chromium use it (and grant the camera without asking). */
  args: string[];
}

/** Writes a Y4M video (`frames` still frames, 640×480) showing `text` as a Code 128 barcode. */
export function barcodeCamera(file: string, text: string, frames = 10): FakeCamera {
  const width = 640;
  const height = 480;
  const modules = code128Modules(text);
  const scale = Math.floor((width - 40) / modules.length);
  const left = Math.floor((width - modules.length * scale) / 2);
  const luma = Buffer.alloc(width * height, 235); // white (video range)
  for (let y = 140; y < 340; y++)
    for (let m = 0; m < modules.length; m++)
      if (modules[m]) luma.fill(16, y * width + left + m * scale, y * width + left + (m + 1) * scale); // black
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128); // no colour
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  writeFileSync(file, Buffer.concat([header, ...Array<Buffer>(frames).fill(frame)]));
  return {
    file,
    args: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${file}`,
    ],
  };
}
