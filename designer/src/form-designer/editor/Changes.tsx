// Compare two versions of the form (or the draft with a version), field by field.
import { useEffect, useMemo, useState } from 'react';
import { asApiError } from '#designer/api/errors.ts';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Alert, dateTime, Spinner } from '#designer/ui/index.ts';
import { loadVersion, type FormVersion } from '../api.ts';
import { formDesignerMessages, type FormDesignerKey } from '../messages.ts';
import { compareForms, type ComparedProp, type FieldChange } from '../model/diff.ts';
import { fromDefinition } from '../model/from-definition.ts';
import type { DesignField, DesignForm } from '../model/types.ts';
import { FormStatusBadge } from '../FormStatusBadge.tsx';
import { useFieldLabel } from './Canvas.tsx';
import { Badge, SelectField, type BadgeTone } from '#designer/ui/kit/index.ts';
import './views.css';

const PROP_LABEL: Record<ComparedProp, FormDesignerKey> = {
  kind: 'prop.kind',
  label: 'prop.label',
  help: 'prop.help',
  required: 'prop.required',
  min: 'prop.min',
  max: 'prop.max',
  pattern: 'prop.pattern',
  format: 'prop.format',
  integer: 'prop.integer',
  options: 'prop.options',
  default: 'prop.default',
  sensitive: 'prop.sensitive',
  computed: 'prop.computed',
  visibleWhen: 'prop.visibleWhen',
  raw: 'prop.raw',
  position: 'prop.position',
};

const CHANGE_TONE: Record<FieldChange['change'], BadgeTone> = {
  added: 'success',
  removed: 'danger',
  changed: 'warning',
};

type Side = 'draft' | number;

export function Changes({
  formId,
  draft,
  versions,
}: {
  formId: string;
  draft: DesignForm;
  versions: FormVersion[] | null;
}) {
  const t = useMessages(formDesignerMessages);
  const { locale } = useLocale();
  const latest = versions?.[0]?.version ?? 0;
  const [target, setTarget] = useState<Side>('draft');
  const [base, setBase] = useState<Side | null>(null);
  const [loaded, setLoaded] = useState<Map<number, DesignForm>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const effectiveBase: Side | null = base ?? (latest ? latest : null);

  useEffect(() => {
    const wanted = [target, effectiveBase].filter(
      (s): s is number => typeof s === 'number' && !loaded.has(s),
    );
    if (!wanted.length) return;
    let live = true;
    Promise.all(wanted.map(async (n) => [n, fromDefinition(await loadVersion(formId, n))] as const))
      .then((pairs) => live && setLoaded((m) => new Map([...m, ...pairs])))
      .catch((e: unknown) => live && setError(asApiError(e).text(locale)));
    return () => {
      live = false;
    };
  }, [target, effectiveBase, loaded, formId, locale]);

  const formOf = (side: Side | null): DesignForm | undefined =>
    side === 'draft' ? draft : side === null ? undefined : loaded.get(side);
  const before = formOf(effectiveBase);
  const after = formOf(target);
  const changes = useMemo(() => (before && after ? compareForms(before, after) : null), [before, after]);

  if (!versions) return <Spinner label={t('changes.loading')} />;
  const options = (
    <>
      <option value="draft">{t('changes.draft')}</option>
      {versions.map((v) => (
        <option key={v.version} value={v.version}>
          {t('changes.version', { n: v.version })}
        </option>
      ))}
    </>
  );
  const parse = (value: string): Side => (value === 'draft' ? 'draft' : Number(value));

  return (
    <section className="f-card f-changes" aria-labelledby="f-changes-title">
      <h2 className="f-section-title" id="f-changes-title">
        {t('changes.title')}
      </h2>
      <p className="f-section-intro">{t('changes.intro')}</p>
      {versions.length === 0 ? (
        <p className="f-canvas__empty">{t('changes.noVersions')}</p>
      ) : (
        <>
          <div className="f-changes__pick">
            <SelectField
              label={t('changes.left')}
              name="compare-target"
              value={String(target)}
              onChange={(e) => setTarget(parse(e.target.value))}
            >
              {options}
            </SelectField>
            <SelectField
              label={t('changes.right')}
              name="compare-base"
              value={String(effectiveBase ?? '')}
              onChange={(e) => setBase(parse(e.target.value))}
            >
              {options}
            </SelectField>
          </div>
          {error && <Alert tone="error">{error}</Alert>}
          {!changes && !error && <Spinner label={t('changes.loading')} />}
          {changes && changes.fields.length === 0 && changes.form.length === 0 && (
            <p className="f-changes__none">{t('changes.none')}</p>
          )}
          {changes && changes.form.length > 0 && (
            <p className="f-changes__form">
              {t('changes.formSettings', {
                what: changes.form.map((w) => t(`changes.what.${w}`)).join(', '),
              })}
            </p>
          )}
          {changes && changes.fields.length > 0 && (
            <ul className="f-changes__list">
              {changes.fields.map((c) => (
                <ChangeRow key={`${c.change}:${c.path}`} change={c} />
              ))}
            </ul>
          )}
          <h3 className="f-changes__versions-title">{t('changes.versions')}</h3>
          <ul className="f-changes__versions">
            {versions.map((v) => (
              <li key={v.version}>
                <FormStatusBadge status={v.status} />
                <span>
                  {t('changes.publishedBy', {
                    n: v.version,
                    when: dateTime(v.publishedAt, locale),
                    who: v.publishedBy,
                  })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ChangeRow({ change }: { change: FieldChange }) {
  const t = useMessages(formDesignerMessages);
  const labelOf = useFieldLabel();
  const describe = (f: DesignField | undefined, prop: ComparedProp): string => {
    if (!f) return '';
    switch (prop) {
      case 'kind':
        return t(`kind.${f.kind}`);
      case 'label':
        return `${f.label.en} / ${f.label['zh-CN']}`;
      case 'required':
      case 'sensitive':
      case 'integer':
        return f[prop] ? t('yes') : t('no');
      case 'min':
      case 'max':
      case 'pattern':
      case 'format':
      case 'computed':
        return f[prop] ?? '—';
      case 'options':
        return (f.options ?? []).map((o) => labelOf(o.label)).join(', ') || '—';
      default:
        return '';
    }
  };
  return (
    <li className={`f-change f-change--${change.change}`} data-change={change.change} data-path={change.path}>
      <Badge tone={CHANGE_TONE[change.change]}>{t(`changes.${change.change}`)}</Badge>
      <span className="f-change__field">
        <strong>{labelOf(change.label)}</strong> <code>{change.path}</code>
      </span>
      {change.props.length > 0 && (
        <ul className="f-change__props">
          {change.props.map((p) => {
            const from = describe(change.before, p);
            const to = describe(change.after, p);
            return (
              <li key={p}>
                {t(PROP_LABEL[p])}
                {(from || to) && (
                  <span className="f-change__values">
                    <del>{from}</del> → <ins>{to}</ins>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}
