// A record's code labels, ready to print: one label per code field value (a barcode or QR code
// drawn as SVG, with the record's title and the value in plain text). The record page links here
// (/records/:form/:id/label); the browser's print dialog prints the labels alone.
import { api } from '../api/client.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import type { PageProps } from '../shell/routes.ts';
import { Link } from '../shell/router.tsx';
import { Alert, Button, EmptyState, Icon, Page, Spinner, useLoad } from '../ui/index.ts';
import { CodeLabel } from '../ui/codes/CodeLabel.tsx';
import type { CodeKind } from '../ui/codes/CodeSvg.tsx';
import { fieldOf, loadDoctype, recordName } from './data.ts';
import { recordsMessages } from './messages.ts';
import './records.css';

export default function LabelPage({ params }: PageProps) {
  const form = params.form ?? '';
  const id = params.id ?? '';
  const t = useMessages(recordsMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const loaded = useLoad(
    async (signal) => {
      const [doctype, record] = await Promise.all([
        loadDoctype(form, signal),
        api.get('/api/records/{form}/{id}', { path: { form, id }, signal }),
      ]);
      return { doctype, record };
    },
    [form, id],
  );
  if (loaded.error)
    return (
      <Page title={t('label.title')}>
        <Alert tone="error">{loaded.error.text(locale)}</Alert>
      </Page>
    );
  if (!loaded.data) return <Spinner label={t('loading')} />;
  const { doctype, record } = loaded.data;
  const labels = doctype.codeFields.flatMap((path) => {
    const field = fieldOf(doctype, path);
    const kind: CodeKind = field?.format === 'qrcode' ? 'qrcode' : 'barcode';
    // A code field inside a list of lines holds one code per line.
    const lines = path.slice(5).split('.');
    const values: unknown[] = [];
    const walk = (node: unknown, at: number): void => {
      if (Array.isArray(node)) return node.forEach((n) => walk(n, at));
      if (at === lines.length) return void values.push(node);
      if (node && typeof node === 'object') walk((node as Record<string, unknown>)[lines[at]!], at + 1);
    };
    walk(record.data, 0);
    // A code inside a list of lines is not among the fields a list shows: its path names it.
    const fieldLabel = field ? field.label[locale] || field.label.en : path.slice(5);
    return values
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .map((value) => ({ kind, value, path, fieldLabel }));
  });
  const title = recordName(record);
  return (
    <Page
      title={t('label.title')}
      intro={t('label.intro')}
      actions={
        <>
          <Link className="f-btn f-btn--secondary fr-no-print" to={`/records/${encodeURIComponent(form)}`}>
            <Icon name="back" />
            {t('label.back')}
          </Link>
          {labels.length > 0 && (
            <Button
              variant="primary"
              className="fr-no-print"
              data-action="print"
              onClick={() => window.print()}
            >
              <Icon name="printer" />
              {t('label.print')}
            </Button>
          )}
        </>
      }
    >
      {labels.length === 0 && <EmptyState icon="barcode" title={t('label.none')} />}
      <div className="fr-labels" data-record={record.id}>
        {labels.map((l, i) => (
          <CodeLabel
            key={`${l.path}-${i}`}
            kind={l.kind}
            value={l.value}
            title={title}
            lines={[`${localized(doctype.name)} · ${l.fieldLabel}`]}
          />
        ))}
      </div>
    </Page>
  );
}
