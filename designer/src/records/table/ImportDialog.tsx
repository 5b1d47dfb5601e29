// Importing records from a CSV or Excel file through the records API: first a dry run, whose report
// is shown here — how each column was read, how many rows are ready, and for every problem its row,
// column and what is wrong, in the person's language — then, on confirmation, the import itself
// (every row, or the valid ones only when some are wrong).
import { useState, type FormEvent } from 'react';
import { api, type ReplyOf } from '../../api/client.ts';
import { asApiError, type ApiError } from '../../api/errors.ts';
import { useLocale, useLocalized, useMessages } from '../../i18n/react.tsx';
import { Alert, Button } from '../../ui/index.ts';
import { Dialog, TableFrame } from '../../ui/kit/index.ts';
import type { Doctype } from '../data.ts';
import { recordsMessages } from '../messages.ts';

type Report = ReplyOf<'/api/records/{form}/import', 'post'>;

async function base64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export default function ImportDialog({
  doctype,
  onClose,
  onImported,
}: {
  doctype: Doctype;
  onClose: () => void;
  onImported: (count: number) => void;
}) {
  const t = useMessages(recordsMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState<'checking' | 'committing' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const send = async (mode: 'dry-run' | 'commit', policy: 'all-or-nothing' | 'valid-rows-only') => {
    if (!file) return;
    setBusy(mode === 'dry-run' ? 'checking' : 'committing');
    setError(null);
    try {
      const result = await api.post('/api/records/{form}/import', {
        path: { form: doctype.form },
        body: { fileName: file.name, content: await base64(file), mode, policy },
      });
      if (mode === 'commit' && result.status === 'committed') onImported(result.imported);
      else setReport(result);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(null);
    }
  };

  const fieldLabel = (path: string | undefined) => {
    if (!path) return t('import.ignored');
    const field = doctype.fields.find((f) => f.path === `data.${path}`);
    return field ? field.label[locale] || field.label.en : path;
  };
  const checked = report?.mode === 'dry-run' ? report : null;

  return (
    <Dialog
      title={t('import.title', { name: localized(doctype.name) })}
      onClose={onClose}
      size="wide"
      busy={busy !== null}
      data={{ dialog: 'import', state: report ? report.status : 'choose' }}
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        void send('dry-run', 'all-or-nothing');
      }}
      footer={
        <>
          <Button type="submit" variant={checked ? 'secondary' : 'primary'} disabled={!file || busy !== null}>
            {busy === 'checking' ? t('import.checking') : t('import.check')}
          </Button>
          {checked && checked.invalidRows === 0 && checked.validRows > 0 && (
            <Button
              variant="primary"
              data-action="commit"
              disabled={busy !== null}
              onClick={() => void send('commit', 'all-or-nothing')}
            >
              {busy === 'committing' ? t('import.committing') : t('import.commit', { n: checked.validRows })}
            </Button>
          )}
          {checked && checked.invalidRows > 0 && checked.validRows > 0 && (
            <Button
              variant="primary"
              data-action="commit-valid"
              disabled={busy !== null}
              onClick={() => void send('commit', 'valid-rows-only')}
            >
              {busy === 'committing'
                ? t('import.committing')
                : t('import.commitValid', { n: checked.validRows })}
            </Button>
          )}
        </>
      }
    >
      <p className="fr-muted">{t('import.intro')}</p>
      <label className="fr-file">
        <span className="f-label">{t('import.file')}</span>
        <input
          type="file"
          name="file"
          accept=".csv,.xlsx,.eml,.mbox,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,message/rfc822,application/mbox"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setReport(null);
          }}
        />
      </label>
      {error && <Alert tone="error">{error.text(locale)}</Alert>}
      {report && (
        <div className="fr-import" data-import-status={report.status}>
          {report.status === 'rejected' && <Alert tone="error">{t('import.rejected')}</Alert>}
          <p className="fr-import__summary" role="status">
            {t('import.summary', {
              total: report.totalRows,
              valid: report.validRows,
              invalid: report.invalidRows,
            })}
          </p>
          {report.columns && report.columns.length > 0 && (
            <>
              <h3 className="fr-import__heading">{t('import.columns')}</h3>
              <ul className="fr-import__columns">
                {report.columns.map((c) => (
                  <li key={c.header} data-column={c.header} data-field={c.field ?? ''}>
                    <span className="fr-import__header">{c.header}</span> → {fieldLabel(c.field)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {report.problems.length > 0 && (
            <>
              <h3 className="fr-import__heading">{t('import.problems')}</h3>
              <TableFrame caption={t('import.problems')} className="fr-import__problems">
                <thead>
                  <tr>
                    <th scope="col">{t('import.row')}</th>
                    <th scope="col">{t('import.column')}</th>
                    <th scope="col">{t('import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.problems.map((p, i) => (
                    <tr key={`${p.row}-${p.column ?? ''}-${i}`} data-problem-row={p.row}>
                      <td data-label={t('import.row')}>{p.row}</td>
                      <td data-label={t('import.column')}>{p.column ?? ''}</td>
                      <td data-label={t('import.problem')}>{locale === 'zh-CN' ? p.messageZh : p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </TableFrame>
              {report.problemsTruncated && <p className="fr-muted">{t('import.truncated')}</p>}
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
