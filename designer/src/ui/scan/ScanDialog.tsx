// The camera scanner: a dialog with the camera's picture (the back camera on a phone), which reads
// frames a few times a second until a code is found, then hands it over. Typing works too (and a
// keyboard-wedge scanner, which types the code and Enter, needs nothing else). Lazy pages only: the
// decoder (decode.ts) is loaded when the dialog opens.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { Button } from '../Button.tsx';
import { TextField } from '../TextField.tsx';
import { Dialog } from '../kit/Dialog.tsx';
import { getDecoder } from './decode.ts';
import { scanMessages } from './messages.ts';
import './scan.css';

/** How often a frame is read (a decode takes tens of milliseconds; more is wasted battery). */
const EVERY_MS = 200;

type CameraState = { kind: 'starting' } | { kind: 'looking' } | { kind: 'failed'; reason: string };

export function ScanDialog({ onScan, onClose }: { onScan: (code: string) => void; onClose: () => void }) {
  const t = useMessages(scanMessages);
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<CameraState>({ kind: 'starting' });
  const [typed, setTyped] = useState('');
  const done = useRef(false);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const start = async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setCamera({ kind: 'failed', reason: t('noCamera') });
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
          audio: false,
        });
      } catch (e) {
        setCamera({ kind: 'failed', reason: (e as Error).message || (e as Error).name });
        return;
      }
      if (stopped || !video.current) return;
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      const { decode } = await getDecoder();
      setCamera({ kind: 'looking' });
      const tick = async () => {
        const v = video.current;
        if (stopped || done.current || !v || !context) return;
        if (v.videoWidth > 0) {
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          context.drawImage(v, 0, 0);
          const code = await decode(context.getImageData(0, 0, canvas.width, canvas.height)).catch(
            () => null,
          );
          if (code && !done.current && !stopped) {
            done.current = true;
            onScan(code);
            return;
          }
        }
        timer = window.setTimeout(() => void tick(), EVERY_MS);
      };
      void tick();
    };
    void start();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    // The camera runs while the dialog is open; onScan is the caller's and read when a code is found.
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = typed.trim();
    if (code && !done.current) {
      done.current = true;
      onScan(code);
    }
  };

  return (
    <Dialog
      title={t('title')}
      onClose={onClose}
      size="medium"
      onSubmit={submit}
      data={{ scanner: camera.kind }}
      footer={
        <Button type="submit" variant="primary" disabled={!typed.trim()}>
          {t('use')}
        </Button>
      }
    >
      <p className="f-scan__intro">{t('intro')}</p>
      <div className="f-scan__viewport">
        <video ref={video} className="f-scan__video" muted playsInline />
        <span className="f-scan__frame" aria-hidden="true" />
      </div>
      <p className="f-scan__state" role="status" data-state={camera.kind}>
        {camera.kind === 'failed' ? t('denied', { reason: camera.reason }) : t(camera.kind)}
      </p>
      <TextField label={t('manual')} name="code" value={typed} onChange={(e) => setTyped(e.target.value)} />
    </Dialog>
  );
}
