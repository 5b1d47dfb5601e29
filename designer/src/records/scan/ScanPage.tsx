// Scan a code: the record it belongs to opens. A keyboard-wedge scanner types into the code field
// and presses Enter, so the field has the focus when the page opens; the camera reads a code too.
// One lookup across every document type the person may read (GET /api/lookup/code, row rules
// applied): one match opens its record page, several are listed, none is said so.
import { lazy, Suspense, useRef, useState, type FormEvent } from 'react';
import { api, type ReplyOf } from '../../api/client.ts';
import { asApiError } from '../../api/errors.ts';
import { useLocale, useLocalized, useMessages } from '../../i18n/react.tsx';
import { navigate } from '../../shell/router.tsx';
import { Alert, Button, EmptyState, Icon, LinkCard, Page, Spinner, TextField } from '../../ui/index.ts';
import { recordHref } from '../data.ts';
import { recordsMessages } from '../messages.ts';
import '../records.css';

const ScanDialog = lazy(() =>
  import('../../ui/scan/ScanDialog.tsx').then((m) => ({ default: m.ScanDialog })),
);

type Lookup = ReplyOf<'/api/lookup/code', 'get'>;

export default function ScanPage() {
  const t = useMessages(recordsMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const [code, setCode] = useState('');
  const [camera, setCamera] = useState(false);
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'searching'; code: string }
    | { kind: 'found'; code: string; result: Lookup }
    | { kind: 'failed'; text: string }
  >({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);

  const find = async (value: string) => {
    const wanted = value.trim();
    if (!wanted) return;
    setCode(wanted);
    setState({ kind: 'searching', code: wanted });
    try {
      const result = await api.get('/api/lookup/code', { query: { value: wanted } });
      if (result.items.length === 1) {
        const only = result.items[0]!;
        navigate(recordHref(only.form, only.id));
        return;
      }
      setState({ kind: 'found', code: wanted, result });
    } catch (e) {
      setState({ kind: 'failed', text: asApiError(e).text(locale) });
    }
    input.current?.select();
  };

  return (
    <Page title={t('scan.title')} intro={t('scan.intro')}>
      <form
        className="fr-scan"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void find(code);
        }}
      >
        <TextField
          ref={input}
          label={t('scan.code')}
          name="code"
          autoFocus
          autoComplete="off"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <div className="fr-scan__buttons">
          <Button type="submit" variant="primary" disabled={!code.trim()}>
            <Icon name="search" size={18} />
            {t('scan.find')}
          </Button>
          <Button variant="secondary" data-action="camera" onClick={() => setCamera(true)}>
            <Icon name="scan" size={18} />
            {t('scan.camera')}
          </Button>
        </div>
      </form>
      <div className="fr-scan__result" data-state={state.kind}>
        {state.kind === 'searching' && <Spinner label={t('scan.searching', { code: state.code })} />}
        {state.kind === 'failed' && <Alert tone="error">{state.text}</Alert>}
        {state.kind === 'found' && state.result.items.length === 0 && (
          <EmptyState icon="search" title={t('scan.none', { code: state.code })} />
        )}
        {state.kind === 'found' && state.result.items.length > 1 && (
          <>
            <p>{t('scan.several', { n: state.result.items.length, code: state.code })}</p>
            <ul className="f-linkcards">
              {state.result.items.map((m) => (
                <li key={`${m.form}/${m.id}`}>
                  <LinkCard
                    to={recordHref(m.form, m.id)}
                    icon="barcode"
                    title={m.title ?? m.id}
                    text={t('scan.in', { field: localized(m.fieldLabel), form: localized(m.formName) })}
                    data-match={m.id}
                    arrow
                  />
                </li>
              ))}
            </ul>
            {state.result.truncated && <p className="fr-muted">{t('scan.truncated')}</p>}
          </>
        )}
      </div>
      {camera && (
        <Suspense fallback={null}>
          <ScanDialog
            onClose={() => setCamera(false)}
            onScan={(scanned) => {
              setCamera(false);
              void find(scanned);
            }}
          />
        </Suspense>
      )}
    </Page>
  );
}
