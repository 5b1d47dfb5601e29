// The audit log's verification in Admin → Audit log: whether the log is intact and, if not, each
// kind of tampering with the entries concerned (and the anchor that showed a truncation); and a
// form to check the log against anchors kept elsewhere — a backup's manifest, an anchor e-mail.
import { useState, type FormEvent } from 'react';
import { api, type ReplyOf } from '../api/client.ts';
import { useMessages } from '../i18n/react.tsx';
import { Alert, Button } from '../ui/index.ts';
import { auditVerifyMessages } from './audit-verify-messages.ts';

export type VerifyReport = ReplyOf<'/api/audit/verify', 'get'>;
type Problem = VerifyReport['problems'][number];

export function AuditVerifyReport({ report }: { report: VerifyReport }) {
  const t = useMessages(auditVerifyMessages);
  const where = (p: Problem) =>
    p.kind === 'forged-anchor' && p.fromSeq === 0
      ? t('anchorFile')
      : p.fromSeq === p.toSeq
        ? t('single', { from: p.fromSeq })
        : t('range', { from: p.fromSeq, to: p.toSeq });
  const anchor = (p: Problem) =>
    p.anchor ? t('anchorSeen', { kind: p.anchor.kind, at: p.anchor.at, seq: p.anchor.seq }) : '';
  return (
    <div data-audit-report={report.ok ? 'ok' : 'broken'}>
      {report.ok ? (
        <Alert tone="success">{t('ok', { n: report.checked, anchors: report.anchors.checked })}</Alert>
      ) : (
        <Alert tone="error">
          <p>{t('broken', { good: report.lastGoodSeq })}</p>
          <ul>
            {report.problems.map((p) => (
              <li key={`${p.kind}-${p.reason}-${p.fromSeq}`} data-problem={p.kind}>
                {t(`kind.${p.kind}`, { where: where(p), anchor: anchor(p) })}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {!report.keyConfigured && <Alert tone="error">{t('noKey')}</Alert>}
      {report.keyConfigured && report.anchors.checked === 0 && <Alert>{t('noAnchors')}</Alert>}
      {report.legacyEntries > 0 && report.keyedFromSeq !== undefined && (
        <Alert>{t('legacy', { n: report.legacyEntries })}</Alert>
      )}
      {report.anchors.superseded > 0 && <Alert>{t('superseded', { n: report.anchors.superseded })}</Alert>}
    </div>
  );
}

/** Pasted anchors, one JSON object per line; the number of the first line that is not one. */
function parseAnchors(text: string): { anchors: unknown[] } | { bad: number } {
  const anchors: unknown[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    try {
      const value: unknown = JSON.parse(line.trim().replace(/^"audit"\s*:\s*/, ''));
      if (!value || typeof value !== 'object') return { bad: i + 1 };
      anchors.push(value);
    } catch {
      return { bad: i + 1 };
    }
  }
  return { anchors };
}

/** Verify against anchors from elsewhere (POST /api/audit/verify). */
export function AnchorCheck({ onReport }: { onReport: (report: VerifyReport) => void }) {
  const t = useMessages(auditVerifyMessages);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseAnchors(text);
    if ('bad' in parsed) return setProblem(t('anchorsBad', { n: parsed.bad }));
    setProblem(null);
    setBusy(true);
    try {
      onReport(await api.post('/api/audit/verify', { body: { anchors: parsed.anchors as never } }));
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="a-details">
      <summary>{t('check')}</summary>
      <form onSubmit={(e) => void submit(e)}>
        <label className="f-field">
          <span className="f-field__label">{t('anchorsLabel')}</span>
          <textarea
            className="f-textarea a-mono"
            name="anchors"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <span className="f-field__hint">{t('anchorsHint')}</span>
        </label>
        {problem && <Alert tone="error">{problem}</Alert>}
        <Button type="submit" busy={busy} icon="lock">
          {t('submit')}
        </Button>
      </form>
    </details>
  );
}
