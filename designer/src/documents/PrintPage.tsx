// A document's print view: the server lays it out by one of its print formats (every label and
// value in both languages, amounts also in Chinese capital numerals), this page sets it on paper —
// A4, or A5 landscape for a voucher — in the reader's language, in the other one, or both. On
// screen a toolbar chooses the format and language; on paper (CSS @media print) only the sheet
// prints. A draft or a cancelled document carries a stamp saying so.
//   /records/:form/:id/print        a record            /ledger/vouchers/:id/print   a voucher
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Locale } from '../i18n/define.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import type { PageProps } from '../shell/routes.ts';
import { Link } from '../shell/router.tsx';
import { Button, Icon, Spinner, dateTime, useLoad } from '../ui/index.ts';
import { ErrorBox, Segmented, SelectField } from '../ui/kit/index.ts';
import { useUserNames } from '../portal/data.ts';
import { documentMessages } from './messages.ts';
import type { PrintDocument } from './record-data.ts';
import './print.css';

type Language = Locale | 'both';
type Text = { en: string; 'zh-CN': string };
type Section = PrintDocument['sections'][number];

export default function PrintPage({ params }: PageProps) {
  const t = useMessages(documentMessages);
  const { locale } = useLocale();
  const localized = useLocalized();
  const voucher = !params.form;
  const [format, setFormat] = useState<string | undefined>(
    () => new URLSearchParams(window.location.search).get('format') ?? undefined,
  );
  const [language, setLanguage] = useState<Language>(locale);
  const doc = useLoad(
    (signal) =>
      voucher
        ? api.get('/api/ledger/vouchers/{id}/print', {
            path: { id: params.id ?? '' },
            query: format ? { format } : {},
            signal,
          })
        : api.get('/api/records/{form}/{id}/print', {
            path: { form: params.form ?? '', id: params.id ?? '' },
            query: format ? { format } : {},
            signal,
          }),
    [params.form, params.id, format],
  );
  const name = useUserNames([doc.data?.printedBy]);
  const paper = doc.data?.format.paper ?? 'A4';
  // The paper size of this format for the printer (one @page rule for the whole document).
  useEffect(() => {
    const style = document.createElement('style');
    style.textContent = `@page { size: ${paper === 'A5-landscape' ? 'A5 landscape' : paper === 'A4-landscape' ? 'A4 landscape' : 'A4'}; margin: 10mm; }`;
    document.head.append(style);
    return () => style.remove();
  }, [paper]);
  useEffect(() => {
    if (doc.data) document.title = `${say(doc.data.title, locale)} ${doc.data.number ?? ''}`;
  }, [doc.data, locale]);

  if (doc.error) return <ErrorBox error={doc.error} />;
  const d = doc.data;
  if (!d) return <Spinner label={t('loading')} />;
  const back = `/records/${params.form}/${params.id}`;
  const text = (value: Text | undefined) => (value ? say(value, language) : '');
  const stamp = d.docstatus === 'cancelled' || d.docstatus === 'draft' ? d.docstatus : null;

  return (
    <div className="fd-print" data-paper={paper}>
      <div className="fd-print__toolbar">
        {voucher ? (
          <Button variant="ghost" icon="back" onClick={() => window.history.back()}>
            {t('back')}
          </Button>
        ) : (
          <Link className="f-btn f-btn--ghost" to={back}>
            <Icon name="back" />
            {t('back')}
          </Link>
        )}
        {d.formats.length > 1 && (
          <SelectField
            label={t('print.format')}
            value={d.format.id}
            onChange={(e) => setFormat(e.target.value)}
            options={d.formats.map((f) => ({ value: f.id, label: localized(f.name) }))}
          />
        )}
        <Segmented<Language>
          label={t('print.language')}
          selected={language}
          onSelect={setLanguage}
          items={[
            { id: 'zh-CN', label: t('print.zh') },
            { id: 'en', label: t('print.en') },
            { id: 'both', label: t('print.both') },
          ]}
        />
        <Button variant="primary" icon="printer" onClick={() => window.print()}>
          {t('print.print')}
        </Button>
      </div>
      <article className="fd-sheet" aria-label={t('print.title', { name: text(d.title) })}>
        {stamp && (
          <div className={`fd-stamp fd-stamp--${stamp}`} aria-hidden="true">
            {say(
              {
                en: documentMessages.en[`print.stamp.${stamp}`],
                'zh-CN': documentMessages['zh-CN'][`print.stamp.${stamp}`],
              },
              language,
            )}
          </div>
        )}
        <header className="fd-sheet__head">
          <h1 className="fd-sheet__title">{text(d.title)}</h1>
          {d.number && <p className="fd-sheet__number">{d.number}</p>}
        </header>
        {d.sections.map((section, i) => (
          <PrintedSection key={i} section={section} say={text} inWords={t('print.inWords')} />
        ))}
        <footer className="fd-sheet__foot">
          {t('print.printedBy', { name: name(d.printedBy), when: dateTime(d.printedAt, locale) })}
        </footer>
      </article>
    </div>
  );
}

function PrintedSection({
  section,
  say,
  inWords,
}: {
  section: Section;
  say: (t: Text | undefined) => string;
  inWords: string;
}) {
  const title = section.title && <h2 className="fd-sheet__section-title">{say(section.title)}</h2>;
  switch (section.type) {
    case 'fields':
      return (
        <section className="fd-sheet__fields" style={{ ['--cols' as string]: section.columns ?? 2 }}>
          {title}
          <dl>
            {(section.cells ?? []).map((cell, i) => (
              <div key={i} className="fd-sheet__field">
                <dt>{say(cell.label)}</dt>
                <dd>{say(cell.value)}</dd>
              </div>
            ))}
          </dl>
        </section>
      );
    case 'table':
      return (
        <section className="fd-sheet__table">
          {title}
          <table>
            <thead>
              <tr>
                {(section.head ?? []).map((h, i) => (
                  <th key={i} scope="col" data-align={h.align}>
                    {say(h.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(section.rows ?? []).map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c} data-align={section.head?.[c]?.align}>
                      {say(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      );
    case 'totals':
      return (
        <section className="fd-sheet__totals">
          {title}
          {(section.cells ?? []).map((cell, i) => (
            <div key={i} className="fd-sheet__total">
              <span className="fd-sheet__total-label">{say(cell.label)}</span>
              {cell.inWords && (
                <span className="fd-sheet__words">
                  {inWords}
                  <strong>{cell.inWords}</strong>
                </span>
              )}
              <span className="fd-sheet__total-value">{say(cell.value)}</span>
            </div>
          ))}
        </section>
      );
    case 'signatures':
      return (
        <section className="fd-sheet__signatures">
          {(section.labels ?? []).map((label, i) => (
            <div key={i} className="fd-sheet__signature">
              <span>{say(label)}</span>
            </div>
          ))}
        </section>
      );
    case 'text':
      return <p className="fd-sheet__text">{say(section.text)}</p>;
  }
}

/** A text in one language, or both ("报销人 Claimant") when they differ. */
function say(value: Text, language: Language): string {
  if (language !== 'both') return value[language] || value.en;
  return value.en === value['zh-CN'] ? value.en : `${value['zh-CN']} ${value.en}`.trim();
}
