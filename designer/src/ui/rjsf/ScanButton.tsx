// A form field's Scan button: it opens the camera scanner and hands over the code read. The
// scanner is its own chunk: forms without a code field (or a scannable link) never download it,
// nor the decoder it loads. Used by code fields (widgets.tsx) and scannable links (LinkPicker.tsx).
import { lazy, Suspense, useState } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { Icon } from '../icons.tsx';
import { rjsfMessages } from './strings.ts';

const ScanDialog = lazy(() => import('../scan/ScanDialog.tsx').then((m) => ({ default: m.ScanDialog })));

export function ScanButton({
  field,
  onScan,
  data,
}: {
  /** The field's label, for the button's accessible name. */
  field: string;
  onScan: (code: string) => void;
  /** data-* attributes for the button (what tests and support look for). */
  data?: Record<string, string>;
}) {
  const t = useMessages(rjsfMessages);
  const [scanning, setScanning] = useState(false);
  return (
    <>
      <button
        type="button"
        className="f-btn f-btn--secondary f-code-input__scan"
        aria-label={t('code.scanLabel', { field })}
        {...data}
        onClick={() => setScanning(true)}
      >
        <Icon name="scan" size={18} />
        {t('code.scan')}
      </button>
      {scanning && (
        <Suspense fallback={null}>
          <ScanDialog
            onClose={() => setScanning(false)}
            onScan={(code) => {
              setScanning(false);
              onScan(code);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
