// Departments: a tree (parent) with a head each. Deleting one that still has members or
// sub-departments is refused, and no edit may turn the tree into a loop.
import type { Department } from '#schemas/generated/index.ts';
import { conflict, notFound, unprocessable, type AppError } from '#engine/core/errors.ts';
import { OrgView } from '#engine/core/org/org-view.ts';
import type { Collection, DocumentStore, Stored } from '#engine/ports/document-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '#engine/core/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DEPARTMENTS, USERS } from './collections.ts';
import { idTaken, insertNew } from './inserts.ts';
import { checkReferences, throwIfProblems } from './references.ts';

export type StoredDepartment = Stored<Department>;

export interface DepartmentPatch {
  rev?: number;
  name?: Department['name'];
  parent?: string | null;
  head?: string | null;
}

const departmentNotFound = (): AppError =>
  notFound('DEPARTMENT_NOT_FOUND', 'No such department.', '部门不存在。');

export class DepartmentService {
  readonly col: Collection<Department>;

  constructor(
    private readonly store: DocumentStore,
    private readonly audit: AuditLog,
  ) {
    this.col = store.collection<Department>(DEPARTMENTS);
  }

  async init(): Promise<void> {
    await this.col.ensureIndex({ fields: [['parent', 1]] });
  }

  async list(): Promise<StoredDepartment[]> {
    return (await this.col.find({}, { sort: [['id', 1]] })).items;
  }

  async get(id: string): Promise<StoredDepartment> {
    const d = await this.col.get(id);
    if (!d) throw departmentNotFound();
    return d;
  }

  async create(input: Omit<Department, 'id'> & { id?: string }, actor: Actor): Promise<StoredDepartment> {
    throwIfProblems(await checkReferences(this.store, { parent: input.parent, head: input.head }));
    return insertNew(this.col, input, {
      audit: this.audit,
      actor,
      action: 'department.create',
      resource: 'departments',
      taken: () => idTaken('DEPARTMENT_EXISTS', 'A department with this id exists.', '该部门 ID 已存在。'),
    });
  }

  async update(id: string, patch: DepartmentPatch, actor: Actor): Promise<StoredDepartment> {
    const current = await this.get(id);
    throwIfProblems(await checkReferences(this.store, { parent: patch.parent, head: patch.head }));
    if (typeof patch.parent === 'string') {
      const view = new OrgView([], (await this.col.find({}, { projection: ['parent'] })).items);
      if (patch.parent === id || view.wouldCycleDepartment(id, patch.parent))
        throw unprocessable(
          'DEPARTMENT_LOOP',
          'A department cannot be inside itself.',
          '部门不能位于其自身之下。',
          [{ path: '/parent', message: 'loop in the department tree', messageZh: '部门树中出现循环' }],
        );
    }
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const key of ['name', 'parent', 'head'] as const) {
      const value = patch[key];
      if (value === null) unset.push(key);
      else if (value !== undefined) set[key] = value;
    }
    const updated = await this.col.update(id, patch.rev ?? current.rev, { set, unset });
    await recordAudit(this.audit, actor, {
      action: 'department.update',
      resource: 'departments',
      resourceId: id,
      before: current,
      after: updated,
    });
    return updated;
  }

  async delete(id: string, actor: Actor): Promise<void> {
    const current = await this.get(id);
    const children = await this.col.count({ parent: id });
    const members = await this.store.collection(USERS).count({ department: id });
    if (children > 0 || members > 0)
      throw conflict(
        'DEPARTMENT_NOT_EMPTY',
        'Move the members and sub-departments out first.',
        '请先移出该部门的成员和下级部门。',
      );
    await this.col.delete(id, current.rev);
    await recordAudit(this.audit, actor, {
      action: 'department.delete',
      resource: 'departments',
      resourceId: id,
      before: current,
    });
  }
}
