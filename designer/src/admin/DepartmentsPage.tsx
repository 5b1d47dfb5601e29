// Admin → Departments: the organisation as a tree with each department's head; choose one to
// rename it, move it, change its head, add a sub-department or delete it.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { asApiError } from '../api/errors.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Alert, Button, Icon, Page, TextField } from '../ui/index.ts';
import { byId, loadAllUsers, loadDepartments, type Department, type User } from './directory.ts';
import { ConfirmDialog, ErrorBox, LoadState, revealDetail, Section, SelectField, useLoad } from './kit.tsx';
import { adminMessages } from './messages.ts';
import { peopleMessages } from './people-messages.ts';

interface Node {
  department: Department;
  children: Node[];
}

/** The departments as a forest (a parent that does not exist makes its child a root). */
export function departmentTree(departments: Department[]): Node[] {
  const nodes = new Map(departments.map((d) => [d.id, { department: d, children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.department.parent ? nodes.get(node.department.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: Node[]) => {
    list.sort((a, b) => a.department.id.localeCompare(b.department.id));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** The ids of a department and every department below it (it cannot become their child). */
function subtree(departments: Department[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments)
      if (d.parent && out.has(d.parent) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
  }
  return out;
}

type Editing = { kind: 'edit'; department: Department } | { kind: 'new'; parent: string };

export default function DepartmentsPage() {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const loc = useLocalized();
  const data = useLoad(async () => {
    const [departments, users] = await Promise.all([loadDepartments(), loadAllUsers()]);
    return { departments, users };
  });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<Department | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <Page
      title={t('departments.title')}
      intro={t('departments.intro')}
      actions={
        <Button variant="primary" icon="plus" onClick={() => setEditing({ kind: 'new', parent: '' })}>
          {t('departments.new')}
        </Button>
      }
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      <LoadState state={data}>
        {({ departments, users }) => {
          const people = byId(users);
          const members = (id: string) => users.filter((u) => u.department === id && u.active).length;
          const selected = editing?.kind === 'edit' ? editing.department.id : null;
          const renderNodes = (nodes: Node[]) => (
            <ul>
              {nodes.map(({ department: d, children }) => (
                <li key={d.id}>
                  <button
                    type="button"
                    className="a-tree__node"
                    data-department={d.id}
                    aria-current={selected === d.id ? 'true' : undefined}
                    onClick={() => {
                      setNotice(null);
                      setEditing({ kind: 'edit', department: d });
                      revealDetail('a-detail');
                    }}
                  >
                    <span className="a-tree__name">{loc(d.name)}</span>
                    <span className="a-tree__head">
                      <Icon name="user" size={14} />
                      {d.head ? (people.get(d.head)?.displayName ?? d.head) : t('departments.noHead')}
                    </span>
                    <span className="a-muted">{t('departments.members', { n: members(d.id) })}</span>
                  </button>
                  {children.length > 0 && renderNodes(children)}
                </li>
              ))}
            </ul>
          );
          return (
            <div className="a-split">
              <Section title={t('departments.title')} icon="building">
                <div className="a-tree">{renderNodes(departmentTree(departments))}</div>
              </Section>
              {editing ? (
                <DepartmentForm
                  key={editing.kind === 'edit' ? `edit-${editing.department.id}` : `new-${editing.parent}`}
                  editing={editing}
                  departments={departments}
                  users={users}
                  onNewChild={(parent) => setEditing({ kind: 'new', parent })}
                  onDelete={setDeleting}
                  onSaved={(d) => {
                    setNotice(t('departments.saved', { name: loc(d.name) }));
                    setEditing({ kind: 'edit', department: d });
                    data.reload();
                  }}
                />
              ) : (
                <Section title={t('departments.title')}>
                  <p className="a-empty">{t('departments.select')}</p>
                </Section>
              )}
            </div>
          );
        }}
      </LoadState>
      {deleting && (
        <ConfirmDialog
          title={t('departments.deleteTitle', { name: loc(deleting.name) })}
          confirmLabel={ta('delete')}
          variant="danger"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete('/api/departments/{id}', { path: { id: deleting.id } });
            setNotice(t('departments.deleted', { name: loc(deleting.name) }));
            setEditing(null);
            data.reload();
          }}
        >
          <p>{t('departments.deleteText')}</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}

function DepartmentForm({
  editing,
  departments,
  users,
  onNewChild,
  onDelete,
  onSaved,
}: {
  editing: Editing;
  departments: Department[];
  users: User[];
  onNewChild: (parent: string) => void;
  onDelete: (d: Department) => void;
  onSaved: (d: Department) => void;
}) {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const loc = useLocalized();
  const { locale } = useLocale();
  const existing = editing.kind === 'edit' ? editing.department : null;
  const [form, setForm] = useState({
    id: '',
    en: existing?.name.en ?? '',
    zh: existing?.name['zh-CN'] ?? '',
    parent: existing ? (existing.parent ?? '') : editing.kind === 'new' ? editing.parent : '',
    head: existing?.head ?? '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldErrors = error ? asApiError(error).fieldErrors(locale) : {};
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const excluded = existing ? subtree(departments, existing.id) : new Set<string>();

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const name = { en: form.en.trim(), 'zh-CN': form.zh.trim() };
    try {
      const saved = existing
        ? await api.patch('/api/departments/{id}', {
            path: { id: existing.id },
            body: { rev: existing.rev, name, parent: form.parent || null, head: form.head || null },
          })
        : await api.post('/api/departments', {
            body: {
              ...(form.id.trim() ? { id: form.id.trim() } : {}),
              name,
              ...(form.parent ? { parent: form.parent } : {}),
              ...(form.head ? { head: form.head } : {}),
            },
          });
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section
      id="a-detail"
      title={existing ? loc(existing.name) : t('departments.new')}
      icon="building"
      actions={
        existing && (
          <>
            <Button icon="plus" onClick={() => onNewChild(existing.id)}>
              {t('departments.newChild')}
            </Button>
            <Button variant="danger" icon="trash" onClick={() => onDelete(existing)}>
              {ta('delete')}
            </Button>
          </>
        )
      }
    >
      <ErrorBox error={error} />
      <form onSubmit={(e) => void save(e)}>
        {!existing && (
          <TextField
            label={t('departments.id')}
            hint={t('departments.idHint')}
            name="id"
            autoComplete="off"
            value={form.id}
            error={fieldErrors['/id']}
            onChange={(e) => set({ id: e.target.value })}
          />
        )}
        <div className="a-pair">
          <TextField
            label={ta('nameEn')}
            name="nameEn"
            required
            value={form.en}
            error={fieldErrors['/name/en']}
            onChange={(e) => set({ en: e.target.value })}
          />
          <TextField
            label={ta('nameZh')}
            name="nameZh"
            required
            value={form.zh}
            error={fieldErrors['/name/zh-CN']}
            onChange={(e) => set({ zh: e.target.value })}
          />
          <SelectField
            label={t('departments.parent')}
            name="parent"
            value={form.parent}
            error={fieldErrors['/parent']}
            onChange={(e) => set({ parent: e.target.value })}
            options={[
              { value: '', label: t('departments.top') },
              ...departments
                .filter((d) => !excluded.has(d.id))
                .map((d) => ({ value: d.id, label: loc(d.name) })),
            ]}
          />
          <SelectField
            label={t('departments.head')}
            name="head"
            value={form.head}
            error={fieldErrors['/head']}
            onChange={(e) => set({ head: e.target.value })}
            options={[
              { value: '', label: t('departments.noHead') },
              ...users
                .filter((u) => u.active)
                .map((u) => ({ value: u.id, label: `${u.displayName} (${u.login})` })),
            ]}
          />
        </div>
        <div className="f-form-actions">
          <Button type="submit" variant="primary" icon="save" busy={busy}>
            {busy ? ta('saving') : ta('save')}
          </Button>
        </div>
      </form>
    </Section>
  );
}
