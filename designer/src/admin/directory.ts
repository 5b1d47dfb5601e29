// The directory as the admin pages need it for pickers and names: every user (all pages of
// /api/users), every department, every role.
import { api, type ReplyOf } from '../api/client.ts';

export type User = ReplyOf<'/api/users', 'get'>['items'][number];
export type Department = ReplyOf<'/api/departments', 'get'>['items'][number];
export type Role = ReplyOf<'/api/roles', 'get'>['items'][number];

export async function loadAllUsers(): Promise<User[]> {
  const users: User[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await api.get('/api/users', { query: { limit: 200, ...(cursor ? { cursor } : {}) } });
    users.push(...page.items);
    if (!page.nextCursor) return users;
    cursor = page.nextCursor;
  }
}

export async function loadDepartments(): Promise<Department[]> {
  return (await api.get('/api/departments')).items;
}

export async function loadRoles(): Promise<Role[]> {
  return (await api.get('/api/roles')).items;
}

/** Users by id, for showing names where the API gives ids. */
export function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}
