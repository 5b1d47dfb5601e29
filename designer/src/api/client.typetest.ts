// Compile-time checks of the client's typing (designer tsc runs this file; nothing imports it).
// Each @ts-expect-error must be an error: if the client accepted these calls, tsc would fail here.
import { api } from './client.ts';

export async function typeChecks(): Promise<void> {
  const me = await api.get('/api/auth/me');
  const locale: 'en' | 'zh-CN' = me.user.locale;
  void locale;
  await api.get('/api/users', { query: { q: 'wang', limit: 20 } });
  await api.get('/api/users/{id}', { path: { id: 'wang.fang' } });

  // @ts-expect-error a path the server does not have
  await api.get('/api/no-such-route');
  // @ts-expect-error a method the path does not have
  await api.put('/api/auth/me', { body: {} });
  // @ts-expect-error the path parameter is required
  await api.get('/api/users/{id}');
  // @ts-expect-error the body is required
  await api.post('/api/auth/login');
  // @ts-expect-error a field the route refuses
  await api.patch('/api/auth/me', { body: { locale: 'fr' } });
  // @ts-expect-error an unknown query parameter
  await api.get('/api/users', { query: { sort: 'name' } });
}
