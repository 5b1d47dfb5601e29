// Admin → Departments: the organisation as a tree with each department's head; choose one to
// rename it, move it, change its head, add a sub-department or delete it.
import { useState } from 'react';
import { api } from '#designer/api/client.ts';
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Alert, Button, Icon, Page, useLoad } from '#designer/ui/index.ts';
import { LoadState, Section } from '#designer/ui/kit/index.ts';
import { DeleteDialog } from '../DeleteDialog.tsx';
import { byId, loadAllUsers, loadDepartments, type Department } from '../directory.ts';
import { peopleMessages } from '../people-messages.ts';
import { revealDetail } from '../reveal-detail.ts';
import { DepartmentForm, type Editing } from './DepartmentForm.tsx';
import { departmentTree, type DepartmentNode } from './department-tree.ts';
import '../admin.css';
import './departments.css';

export default function DepartmentsPage() {
  const t = useMessages(peopleMessages);
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
          const renderNodes = (nodes: DepartmentNode[]) => (
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
        <DeleteDialog
          title={t('departments.deleteTitle', { name: loc(deleting.name) })}
          text={t('departments.deleteText')}
          onClose={() => setDeleting(null)}
          onDelete={async () => {
            await api.delete('/api/departments/{id}', { path: { id: deleting.id } });
            setNotice(t('departments.deleted', { name: loc(deleting.name) }));
            setEditing(null);
            data.reload();
          }}
        />
      )}
    </Page>
  );
}
