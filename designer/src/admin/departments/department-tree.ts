// The departments as the organisation tree: parents above their children, sorted by id.
import type { Department } from '../directory.ts';

export interface DepartmentNode {
  department: Department;
  children: DepartmentNode[];
}

/** The departments as a forest (a parent that does not exist makes its child a root). */
export function departmentTree(departments: Department[]): DepartmentNode[] {
  const nodes = new Map(departments.map((d) => [d.id, { department: d, children: [] as DepartmentNode[] }]));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.department.parent ? nodes.get(node.department.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: DepartmentNode[]) => {
    list.sort((a, b) => a.department.id.localeCompare(b.department.id));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** The ids of a department and every department below it (it cannot become their child). */
export function subtree(departments: Department[], id: string): Set<string> {
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
