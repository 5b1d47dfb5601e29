// One grant of the permission grid: its resource (chosen by name) and a checkbox per action, then — unfolded — its
// row rule and the fields it hides, masks or makes read-only (picked among the form's fields). Folded, those show as badges.
import { useMessages } from '#designer/i18n/react.tsx';
import { Button, TextField } from '#designer/ui/index.ts';
import { Badge, Badges, Checkbox, RowActions, SelectField } from '#designer/ui/kit/index.ts';
import { peopleMessages } from '../people-messages.ts';
import { ACTIONS, list, ROW_TYPES, type GrantForm, type RowType } from './grant-form.ts';
import type { ResourceOption } from './resource-catalogue.ts';
import { ResourcePicker, useResourceLabel } from './ResourcePicker.tsx';
import { FieldPicker, useFormFields } from './FieldPicker.tsx';

export function GrantRows({
  grant: g,
  index,
  resources,
  problems,
  onChange,
  onRemove,
}: {
  grant: GrantForm;
  index: number;
  resources: ResourceOption[];
  problems: string[];
  onChange: (patch: Partial<GrantForm>) => void;
  onRemove: () => void;
}) {
  const t = useMessages(peopleMessages);
  const resourceLabel = `${t('roles.resource')} ${index + 1}`;
  const word = useResourceLabel();
  const chosen = resources.find((r) => r.value === g.resource);
  /** The grant's row rule and field restrictions in a few words, while they are folded away. */
  const summary = [
    ...(g.rowType !== 'all' ? [t(`roles.rowsShort.${g.rowType}`)] : []),
    ...(list(g.hidden).length ? [`${t('roles.hidden')}: ${list(g.hidden).join(', ')}`] : []),
    ...(list(g.masked).length ? [`${t('roles.masked')}: ${list(g.masked).join(', ')}`] : []),
    ...(list(g.readOnly).length ? [`${t('roles.readOnly')}: ${list(g.readOnly).join(', ')}`] : []),
  ];
  return (
    <>
      <tr data-grant={g.resource} className={problems.length ? 'a-grant--invalid' : undefined}>
        <td data-label={t('roles.resource')} className="f-table__primary">
          <ResourcePicker
            label={resourceLabel}
            value={g.resource}
            options={resources}
            onChange={(resource) => onChange({ resource })}
          />
          {!g.open && summary.length > 0 && (
            <Badges className="a-grant-summary">
              {summary.map((s) => (
                <Badge key={s} tone="info" wrap>
                  {s}
                </Badge>
              ))}
            </Badges>
          )}
          {problems.map((p) => (
            <p key={p} className="f-field__error">
              {p}
            </p>
          ))}
        </td>
        {ACTIONS.map((a) => (
          <td key={a} data-label={t(`roles.action.${a}`)} className="a-cell">
            <Checkbox
              hideLabel
              label={`${g.resource ? word(chosen, g.resource) : resourceLabel}: ${t(`roles.action.${a}`)}`}
              checked={g.actions.includes(a)}
              onChange={(on) =>
                onChange({ actions: on ? [...g.actions, a] : g.actions.filter((x) => x !== a) })
              }
            />
          </td>
        ))}
        <td data-label="">
          <RowActions>
            <Button
              variant="ghost"
              className="a-compact"
              aria-expanded={g.open}
              title={t('roles.more')}
              aria-label={t('roles.more')}
              onClick={() => onChange({ open: !g.open })}
              icon={g.open ? 'up' : 'filter'}
            >
              <span className="a-hide-desktop">{t('roles.more')}</span>
            </Button>
            <Button
              variant="ghost"
              className="a-compact"
              icon="trash"
              title={t('roles.removeGrant')}
              aria-label={t('roles.removeGrant')}
              onClick={onRemove}
            >
              <span className="a-hide-desktop">{t('roles.removeGrant')}</span>
            </Button>
          </RowActions>
        </td>
      </tr>
      {g.open && (
        <tr className="a-grant-detail">
          <td colSpan={ACTIONS.length + 2}>
            <GrantDetail grant={g} onChange={onChange} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The unfolded part of a grant: which rows it covers, which fields it restricts. */
function GrantDetail({
  grant: g,
  onChange,
}: {
  grant: GrantForm;
  onChange: (patch: Partial<GrantForm>) => void;
}) {
  const t = useMessages(peopleMessages);
  // A grant on one form's records picks among its fields; any other resource takes paths as text.
  const fields = useFormFields(g.resource).data ?? null;
  return (
    <div className="a-grant-extra">
      <SelectField
        label={t('roles.rows')}
        value={g.rowType}
        onChange={(e) => onChange({ rowType: e.target.value as RowType })}
        options={ROW_TYPES.map((r) => ({ value: r, label: t(`roles.rows.${r}`) }))}
      />
      {g.rowType === 'field' && (
        <TextField
          label={t('roles.rowsField')}
          value={g.rowField}
          required
          className="a-mono-field"
          onChange={(e) => onChange({ rowField: e.target.value })}
        />
      )}
      {g.rowType === 'department' && (
        <div className="f-field">
          <span className="f-field__label">{t('roles.rows')}</span>
          <Checkbox
            label={t('roles.rowsSub')}
            checked={g.subDepartments}
            onChange={(on) => onChange({ subDepartments: on })}
          />
        </div>
      )}
      {g.rowType === 'feel' && (
        <TextField
          label={t('roles.rowsFeel')}
          hint={t('roles.rowsFeelHint')}
          value={g.expression}
          required
          className="a-mono-field"
          onChange={(e) => onChange({ expression: e.target.value })}
        />
      )}
      {(['hidden', 'masked', 'readOnly'] as const).map((kind) =>
        fields ? (
          <FieldPicker
            key={kind}
            label={t(`roles.${kind}`)}
            fields={fields}
            value={g[kind]}
            onChange={(paths) => onChange({ [kind]: paths })}
          />
        ) : (
          <TextField
            key={kind}
            label={t(`roles.${kind}`)}
            hint={kind === 'hidden' ? t('roles.fieldsHint') : undefined}
            value={g[kind]}
            className="a-mono-field"
            onChange={(e) => onChange({ [kind]: e.target.value })}
          />
        ),
      )}
    </div>
  );
}
