// Admin → Roles & permissions: the roles, and for the chosen one its grid of resources × actions
// (one row per grant), each with its row rule (all, own, department, a field, a FEEL condition)
// and field restrictions (hidden, masked, read-only). Saved as a whole with a revision check; the
// server checks FEEL row rules and answers problems by JSON pointer, shown at the grant.
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { asApiError } from '../api/errors.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Alert, Button, Page, TextField } from '../ui/index.ts';
import { loadRoles, type Role } from './directory.ts';
import {
  Badge,
  Checkbox,
  ConfirmDialog,
  Dialog,
  ErrorBox,
  LoadState,
  revealDetail,
  Section,
  SelectField,
  useLoad,
} from './kit.tsx';
import { adminMessages } from './messages.ts';
import { peopleMessages } from './people-messages.ts';

type Grant = Role['permissions'][number];
type Action = Grant['actions'][number];
type RowType = NonNullable<Grant['rows']>['type'];

const ACTIONS: Action[] = ['read', 'create', 'update', 'delete', 'approve', 'export', 'admin'];
const ROW_TYPES: RowType[] = ['all', 'own', 'department', 'field', 'feel'];
/** Resources the platform checks (routes' config.access); modules add record:<form>. */
const PLATFORM_RESOURCES = [
  '*',
  'record:*',
  'users',
  'departments',
  'roles',
  'org',
  'audit',
  'forms',
  'flows',
  'instances',
  'incidents',
  'modules',
  'automations',
  'reports',
  'ledger',
  'out-of-office',
  'backup',
  'queues',
];

const list = (text: string): string[] =>
  text
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A grant as the form edits it (lists as text) and back. */
interface GrantForm {
  resource: string;
  actions: Action[];
  rowType: RowType;
  rowField: string;
  subDepartments: boolean;
  expression: string;
  hidden: string;
  masked: string;
  readOnly: string;
  open: boolean;
}

function toForm(g: Grant): GrantForm {
  return {
    resource: g.resource,
    actions: [...g.actions],
    rowType: g.rows?.type ?? 'all',
    rowField: g.rows?.field ?? '',
    subDepartments: g.rows?.subDepartments ?? false,
    expression: g.rows?.expression ?? '',
    hidden: (g.fields?.hidden ?? []).join(', '),
    masked: (g.fields?.masked ?? []).join(', '),
    readOnly: (g.fields?.readOnly ?? []).join(', '),
    open: false,
  };
}

function fromForm(f: GrantForm): Grant {
  const rows: Grant['rows'] =
    f.rowType === 'all'
      ? undefined
      : f.rowType === 'field'
        ? { type: 'field', field: f.rowField.trim() }
        : f.rowType === 'department'
          ? { type: 'department', ...(f.subDepartments ? { subDepartments: true } : {}) }
          : f.rowType === 'feel'
            ? { type: 'feel', expression: f.expression.trim() }
            : { type: f.rowType };
  const fields = {
    ...(list(f.hidden).length ? { hidden: list(f.hidden) } : {}),
    ...(list(f.masked).length ? { masked: list(f.masked) } : {}),
    ...(list(f.readOnly).length ? { readOnly: list(f.readOnly) } : {}),
  };
  return {
    resource: f.resource.trim(),
    actions: ACTIONS.filter((a) => f.actions.includes(a)),
    ...(rows ? { rows } : {}),
    ...(Object.keys(fields).length ? { fields } : {}),
  };
}

export default function RolesPage() {
  const t = useMessages(peopleMessages);
  const loc = useLocalized();
  const data = useLoad(async () => {
    const [roles, modules] = await Promise.all([
      loadRoles(),
      api.get('/api/modules').then(
        (r) => r.items,
        () => [],
      ),
    ]);
    return { roles, forms: modules.flatMap((m) => m.forms ?? []) };
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <Page
      title={t('roles.title')}
      intro={t('roles.intro')}
      actions={
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
          {t('roles.new')}
        </Button>
      }
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      <LoadState state={data}>
        {({ roles, forms }) => {
          const role = roles.find((r) => r.id === selected);
          const resources = [
            ...new Set([
              ...PLATFORM_RESOURCES,
              ...forms.map((f) => `record:${f}`),
              ...roles.flatMap((r) => r.permissions.map((g) => g.resource)),
            ]),
          ];
          return (
            <div className="a-split a-split--narrow-list">
              <Section title={t('roles.list')} icon="key">
                <ul className="a-pick">
                  {roles.map((r) => (
                    <li key={r.id}>
                      <button
                        type="button"
                        data-role={r.id}
                        aria-current={r.id === selected ? 'true' : undefined}
                        onClick={() => {
                          setNotice(null);
                          setSelected(r.id);
                          revealDetail('a-detail');
                        }}
                      >
                        <span>
                          <strong>{loc(r.name)}</strong> <span className="a-muted a-mono">{r.id}</span>
                        </span>
                        <span className="a-tags">
                          {r.system && <Badge tone="info">{t('roles.system')}</Badge>}
                          {r.module && <Badge>{t('roles.module', { module: r.module })}</Badge>}
                          <Badge>{t('roles.grants', { n: r.permissions.length })}</Badge>
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </Section>
              {role ? (
                <RoleEditor
                  key={`${role.id}-${role.rev}`}
                  role={role}
                  resources={resources}
                  onSaved={(r) => {
                    setNotice(t('roles.saved', { name: loc(r.name) }));
                    data.reload();
                  }}
                  onDeleted={(r) => {
                    setNotice(t('roles.deleted', { name: loc(r.name) }));
                    setSelected(null);
                    data.reload();
                  }}
                />
              ) : (
                <Section title={t('roles.permissions')}>
                  <p className="a-empty">{t('roles.select')}</p>
                </Section>
              )}
            </div>
          );
        }}
      </LoadState>
      {creating && (
        <NewRoleDialog
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            setSelected(r.id);
            setNotice(t('roles.saved', { name: loc(r.name) }));
            data.reload();
          }}
        />
      )}
    </Page>
  );
}

function RoleEditor({
  role,
  resources,
  onSaved,
  onDeleted,
}: {
  role: Role;
  resources: string[];
  onSaved: (r: Role) => void;
  onDeleted: (r: Role) => void;
}) {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const loc = useLocalized();
  const { locale } = useLocale();
  const initial = useMemo(
    () => ({
      en: role.name.en,
      zh: role.name['zh-CN'],
      descEn: role.description?.en ?? '',
      descZh: role.description?.['zh-CN'] ?? '',
      grants: role.permissions.map(toForm),
    }),
    [role],
  );
  const [form, setForm] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const fieldErrors = error ? asApiError(error).fieldErrors(locale) : {};
  /** The server's problems at grant i (its paths start with /permissions/i). */
  const grantErrors = (i: number): string[] =>
    Object.entries(fieldErrors)
      .filter(([path]) => path === `/permissions/${i}` || path.startsWith(`/permissions/${i}/`))
      .map(([path, message]) => `${path.slice(`/permissions/${i}`.length) || '/'}: ${message}`);
  const setGrant = (i: number, patch: Partial<GrantForm>) =>
    setForm((f) => ({ ...f, grants: f.grants.map((g, j) => (j === i ? { ...g, ...patch } : g)) }));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await api.patch('/api/roles/{id}', {
        path: { id: role.id },
        body: {
          rev: role.rev,
          name: { en: form.en.trim(), 'zh-CN': form.zh.trim() },
          ...(form.descEn.trim() || form.descZh.trim()
            ? { description: { en: form.descEn.trim(), 'zh-CN': form.descZh.trim() } }
            : {}),
          permissions: form.grants.map(fromForm),
        },
      });
      onSaved(saved);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const listId = `a-resources-${role.id}`;
  return (
    <Section
      id="a-detail"
      title={loc(role.name)}
      icon="key"
      actions={
        <>
          {dirty && <Badge tone="warning">{t('roles.unsaved')}</Badge>}
          {!role.system && (
            <Button variant="danger" icon="trash" onClick={() => setDeleting(true)}>
              {ta('delete')}
            </Button>
          )}
        </>
      }
    >
      <ErrorBox error={error} />
      <form onSubmit={(e) => void save(e)} data-role-editor={role.id}>
        <div className="a-pair">
          <TextField
            label={ta('nameEn')}
            name="nameEn"
            required
            value={form.en}
            error={fieldErrors['/name/en']}
            onChange={(e) => setForm({ ...form, en: e.target.value })}
          />
          <TextField
            label={ta('nameZh')}
            name="nameZh"
            required
            value={form.zh}
            error={fieldErrors['/name/zh-CN']}
            onChange={(e) => setForm({ ...form, zh: e.target.value })}
          />
        </div>
        <div className="a-pair">
          <TextField
            label={t('roles.descriptionEn')}
            name="descriptionEn"
            value={form.descEn}
            onChange={(e) => setForm({ ...form, descEn: e.target.value })}
          />
          <TextField
            label={t('roles.descriptionZh')}
            name="descriptionZh"
            value={form.descZh}
            onChange={(e) => setForm({ ...form, descZh: e.target.value })}
          />
        </div>

        <h3 className="a-subtitle">{t('roles.permissions')}</h3>
        <datalist id={listId}>
          {resources.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        {form.grants.length === 0 && <p className="a-empty">{t('roles.noGrants')}</p>}
        {form.grants.length > 0 && (
          <div className="a-table-wrap">
            <table className="a-table a-grid">
              <caption className="f-visually-hidden">{t('roles.grid')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('roles.resource')}</th>
                  {ACTIONS.map((a) => (
                    <th key={a} scope="col" className="a-cell">
                      {t(`roles.action.${a}`)}
                    </th>
                  ))}
                  <th scope="col">{ta('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {form.grants.map((g, i) => {
                  const problems = grantErrors(i);
                  return (
                    <GrantRows
                      key={i}
                      grant={g}
                      index={i}
                      listId={listId}
                      problems={problems}
                      onChange={(patch) => setGrant(i, patch)}
                      onRemove={() => setForm((f) => ({ ...f, grants: f.grants.filter((_, j) => j !== i) }))}
                    />
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <div className="f-form-actions a-after-grid">
          <Button
            icon="plus"
            onClick={() =>
              setForm((f) => ({ ...f, grants: [...f.grants, toForm({ resource: '', actions: ['read'] })] }))
            }
          >
            {t('roles.addGrant')}
          </Button>
          <span className="a-spacer" />
          {dirty && (
            <Button onClick={() => setForm(initial)} disabled={busy}>
              {t('roles.discard')}
            </Button>
          )}
          <Button type="submit" variant="primary" icon="save" busy={busy} disabled={!dirty}>
            {busy ? ta('saving') : ta('save')}
          </Button>
        </div>
      </form>
      {deleting && (
        <ConfirmDialog
          title={t('roles.deleteTitle', { name: loc(role.name) })}
          confirmLabel={ta('delete')}
          variant="danger"
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete('/api/roles/{id}', { path: { id: role.id } });
            onDeleted(role);
          }}
        >
          <p>{t('roles.deleteText')}</p>
        </ConfirmDialog>
      )}
    </Section>
  );
}

function GrantRows({
  grant: g,
  index,
  listId,
  problems,
  onChange,
  onRemove,
}: {
  grant: GrantForm;
  index: number;
  listId: string;
  problems: string[];
  onChange: (patch: Partial<GrantForm>) => void;
  onRemove: () => void;
}) {
  const t = useMessages(peopleMessages);
  const resourceLabel = `${t('roles.resource')} ${index + 1}`;
  /** The grant's row rule and field restrictions in a few words, while they are folded away. */
  const summary = (f: GrantForm): string[] => [
    ...(f.rowType !== 'all' ? [t(`roles.rowsShort.${f.rowType}`)] : []),
    ...(list(f.hidden).length ? [`${t('roles.hidden')}: ${list(f.hidden).join(', ')}`] : []),
    ...(list(f.masked).length ? [`${t('roles.masked')}: ${list(f.masked).join(', ')}`] : []),
    ...(list(f.readOnly).length ? [`${t('roles.readOnly')}: ${list(f.readOnly).join(', ')}`] : []),
  ];
  return (
    <>
      <tr data-grant={g.resource} className={problems.length ? 'a-grant--invalid' : undefined}>
        <td data-label={t('roles.resource')} className="a-primary">
          <input
            className="f-input a-mono a-resource"
            aria-label={resourceLabel}
            list={listId}
            required
            value={g.resource}
            placeholder={t('roles.resourceHint')}
            onChange={(e) => onChange({ resource: e.target.value })}
          />
          {!g.open && summary(g).length > 0 && (
            <span className="a-tags a-grant-summary">
              {summary(g).map((s) => (
                <Badge key={s} tone="info">
                  {s}
                </Badge>
              ))}
            </span>
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
              label={`${g.resource || resourceLabel}: ${t(`roles.action.${a}`)}`}
              checked={g.actions.includes(a)}
              onChange={(on) =>
                onChange({ actions: on ? [...g.actions, a] : g.actions.filter((x) => x !== a) })
              }
            />
          </td>
        ))}
        <td data-label="">
          <span className="a-row-actions">
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
          </span>
        </td>
      </tr>
      {g.open && (
        <tr className="a-grant-detail">
          <td colSpan={ACTIONS.length + 2}>
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
              <TextField
                label={t('roles.hidden')}
                hint={t('roles.fieldsHint')}
                value={g.hidden}
                className="a-mono-field"
                onChange={(e) => onChange({ hidden: e.target.value })}
              />
              <TextField
                label={t('roles.masked')}
                value={g.masked}
                className="a-mono-field"
                onChange={(e) => onChange({ masked: e.target.value })}
              />
              <TextField
                label={t('roles.readOnly')}
                value={g.readOnly}
                className="a-mono-field"
                onChange={(e) => onChange({ readOnly: e.target.value })}
              />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

function NewRoleDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (r: Role) => void }) {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const { locale } = useLocale();
  const [form, setForm] = useState({ id: '', en: '', zh: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldErrors = error ? asApiError(error).fieldErrors(locale) : {};
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const role = await api.post('/api/roles', {
        body: {
          id: form.id.trim(),
          name: { en: form.en.trim(), 'zh-CN': form.zh.trim() },
          permissions: [],
        },
      });
      onCreated(role);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('roles.new')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {ta('cancel')}
          </Button>
          <Button variant="primary" type="submit" form="a-role-form" icon="plus" busy={busy}>
            {ta('add')}
          </Button>
        </>
      }
    >
      <ErrorBox error={error} />
      <form id="a-role-form" onSubmit={(e) => void create(e)}>
        <TextField
          label={t('roles.id')}
          hint={t('roles.idHint')}
          name="id"
          required
          autoComplete="off"
          value={form.id}
          error={fieldErrors['/id']}
          onChange={(e) => setForm({ ...form, id: e.target.value })}
        />
        <TextField
          label={ta('nameEn')}
          name="nameEn"
          required
          value={form.en}
          error={fieldErrors['/name/en']}
          onChange={(e) => setForm({ ...form, en: e.target.value })}
        />
        <TextField
          label={ta('nameZh')}
          name="nameZh"
          required
          value={form.zh}
          error={fieldErrors['/name/zh-CN']}
          onChange={(e) => setForm({ ...form, zh: e.target.value })}
        />
      </form>
    </Dialog>
  );
}
