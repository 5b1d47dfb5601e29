// What a grant may be about, by name: the platform's areas, every form's records, every report and
// dashboard — each with the resource id the API stores ('record:finance-expense-claim').
import { api } from '#designer/api/client.ts';
import type { Locale } from '#designer/i18n/define.ts';
import type { Role } from '../directory.ts';
import { PLATFORM_RESOURCES } from './grant-form.ts';

type Text = { en: string; 'zh-CN': string };
interface Named {
  id: string;
  name: Text;
}

export interface ResourceCatalogue {
  forms: Named[];
  reports: Named[];
  dashboards: Named[];
}

export type ResourceGroup = 'platform' | 'records' | 'reports' | 'dashboards' | 'other';
export interface ResourceOption {
  value: string;
  group: ResourceGroup;
  /** A message key and its parameters (the picker words it in the reader's language). */
  key: string;
  name?: string;
}

/** Forms, reports and dashboards by name; one that cannot be read leaves its group empty. */
export async function loadResourceCatalogue(): Promise<ResourceCatalogue> {
  const named = (items: Named[]) => items.map((i) => ({ id: i.id, name: i.name }));
  const [forms, reports, dashboards] = await Promise.all([
    api.get('/api/forms').then(
      (r) => named(r.items),
      () => [],
    ),
    api.get('/api/reports').then(
      (r) => named(r.items),
      () => [],
    ),
    api.get('/api/dashboards').then(
      (r) => named(r.items),
      () => [],
    ),
  ]);
  return { forms, reports, dashboards };
}

/** The picker's options in `locale`; a resource a role names that is none of these stays choosable. */
export function resourceOptions(
  catalogue: ResourceCatalogue,
  roles: Role[],
  locale: Locale,
): ResourceOption[] {
  const byName = (a: Named, b: Named) => a.name[locale].localeCompare(b.name[locale], locale);
  const options: ResourceOption[] = [
    ...PLATFORM_RESOURCES.map((r) => ({ value: r, group: 'platform' as const, key: `res.${r}` })),
    ...[...catalogue.forms].sort(byName).map((f) => ({
      value: `record:${f.id}`,
      group: 'records' as const,
      key: 'record',
      name: f.name[locale],
    })),
    ...[...catalogue.reports].sort(byName).map((r) => ({
      value: `report:${r.id}`,
      group: 'reports' as const,
      key: 'report',
      name: r.name[locale],
    })),
    ...[...catalogue.dashboards].sort(byName).map((d) => ({
      value: `dashboard:${d.id}`,
      group: 'dashboards' as const,
      key: 'dashboard',
      name: d.name[locale],
    })),
  ];
  const known = new Set(options.map((o) => o.value));
  const others = new Set(
    roles.flatMap((r) => r.permissions.map((g) => g.resource)).filter((r) => !known.has(r)),
  );
  return [...options, ...[...others].map((r) => ({ value: r, group: 'other' as const, key: '', name: r }))];
}
