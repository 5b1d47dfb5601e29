// The camera scanner as its own chunk: forms without a code field (or a scannable link) never
// download it, nor the decoder it loads.
import { lazy } from 'react';

export const LazyScanDialog = lazy(() => import('./ScanDialog.tsx').then((m) => ({ default: m.ScanDialog })));
