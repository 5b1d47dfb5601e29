// THE route registry: every page of the app is one entry here. To add a page:
//   1. write the component in its feature folder (designer/src/<feature>/SomePage.tsx, default
//      export, labels in that folder's messages.ts),
//   2. add an entry below: its path, the navigation section it belongs to, its label key (in
//      shell/messages.ts) and `page: lazyPage(() => import('../<feature>/SomePage.tsx'))`.
// Every page is its own lazy chunk, so a page only costs the users who open it (the flow modeler's
// ~1 MB never reaches the portal). Who sees a section is decided by SECTIONS; a route may narrow it
// with `allow`. The API checks permissions on every call regardless: hiding is for clarity only.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { IconName } from '../ui/icons.tsx';
import type { ShellKey } from './messages.ts';
import { prefetchNewRequest } from '../portal/prefetch.ts';
import { hasRole, type Me } from './session.tsx';

export interface PageProps {
  /** The :params of the route's path. */
  params: Record<string, string>;
}

export interface LazyPage {
  Component: LazyExoticComponent<ComponentType<PageProps>>;
  /** Starts downloading the page's chunk (before it is rendered, to save a round trip). */
  preload(): Promise<unknown>;
}

export function lazyPage(load: () => Promise<{ default: ComponentType<PageProps> }>): LazyPage {
  let loading: Promise<{ default: ComponentType<PageProps> }> | undefined;
  const once = () => (loading ??= load());
  return { Component: lazy(once), preload: once };
}

export type SectionId = 'requests' | 'inbox' | 'records' | 'analytics' | 'design' | 'admin';

export interface Section {
  id: SectionId;
  label: ShellKey;
  icon: IconName;
  /** Who sees this section (default: everyone signed in). */
  allow?: (me: Me) => boolean;
}

export interface AppRoute {
  /** The URL path; `:name` segments become `params.name`. */
  path: string;
  /** Its navigation section, or null for pages outside the navigation (account pages). */
  section: SectionId | null;
  label: ShellKey;
  icon: IconName;
  page: LazyPage;
  /** Listed in the navigation (default true; false for detail pages like /requests/:id). */
  nav?: boolean;
  /** Narrows the section's audience. */
  allow?: (me: Me) => boolean;
  /**
   * Starts the page's reads when the app opens on it, before the session and the page's code have
   * arrived (main.tsx). Must be small: it is part of the first load.
   */
  prefetch?: (params: Record<string, string>) => void;
  /**
   * API reads (GET, `:name` filled from the URL) the server names as preloads in the page's HTML
   * for a signed-in visitor, so they start with the entry script (vite-plugins/route-preloads.ts
   * reads this list from this file's text: plain string literals only).
   */
  preloadReads?: string[];
}

export const SECTIONS: Section[] = [
  { id: 'requests', label: 'nav.requests', icon: 'requests' },
  { id: 'inbox', label: 'nav.inbox', icon: 'inbox' },
  { id: 'records', label: 'nav.records', icon: 'records' },
  { id: 'analytics', label: 'nav.analytics', icon: 'chart' },
  { id: 'design', label: 'nav.design', icon: 'design', allow: (me) => hasRole(me, 'analyst', 'admin') },
  { id: 'admin', label: 'nav.admin', icon: 'admin', allow: (me) => hasRole(me, 'admin') },
];

export const ROUTES: AppRoute[] = [
  {
    path: '/requests',
    section: 'requests',
    label: 'nav.newRequest',
    icon: 'requests',
    page: lazyPage(() => import('../portal/RequestsPage.tsx')),
  },
  {
    path: '/requests/mine',
    section: 'requests',
    label: 'nav.myRequests',
    icon: 'clock',
    page: lazyPage(() => import('../portal/MyRequestsPage.tsx')),
  },
  {
    path: '/requests/new/:entry',
    section: 'requests',
    label: 'nav.requests',
    icon: 'requests',
    nav: false,
    page: lazyPage(() => import('../portal/NewRequestPage.tsx')),
    prefetch: ({ entry }) => prefetchNewRequest(entry ?? ''),
    preloadReads: ['/api/catalogue', '/api/drafts/:entry'],
  },
  {
    // Notifications link here: /requests/<instance id>.
    path: '/requests/:id',
    section: 'requests',
    label: 'nav.myRequests',
    icon: 'clock',
    nav: false,
    page: lazyPage(() => import('../portal/RequestPage.tsx')),
  },
  {
    path: '/inbox',
    section: 'inbox',
    label: 'nav.inbox',
    icon: 'inbox',
    page: lazyPage(() => import('../portal/InboxPage.tsx')),
  },
  {
    // Notifications link here: /inbox/<task id>.
    path: '/inbox/:id',
    section: 'inbox',
    label: 'nav.inbox',
    icon: 'inbox',
    nav: false,
    page: lazyPage(() => import('../portal/TaskPage.tsx')),
  },
  // Every document type's records, made from its definition: the list of types a person may read,
  // then each one's table, board and calendar (?view=), and a scanned code's lookup.
  {
    path: '/records',
    section: 'records',
    label: 'nav.documents',
    icon: 'records',
    page: lazyPage(() => import('../records/RecordsPage.tsx')),
  },
  {
    path: '/scan',
    section: 'records',
    label: 'nav.scan',
    icon: 'scan',
    page: lazyPage(() => import('../records/scan/ScanPage.tsx')),
  },
  {
    // Report alerts link here (filtered: ?where=…); rows link to the record page /records/:form/:id.
    path: '/records/:form',
    section: 'records',
    label: 'nav.documents',
    icon: 'records',
    nav: false,
    page: lazyPage(() => import('../records/list/RecordListPage.tsx')),
  },
  {
    // A record's code labels, to print (the record page links here).
    path: '/records/:form/:id/label',
    section: 'records',
    label: 'nav.documents',
    icon: 'barcode',
    nav: false,
    page: lazyPage(() => import('../records/LabelPage.tsx')),
  },
  // Dashboards and reports (charts load with the first chart drawn, in a chunk of their own);
  // report alerts link to /reports/:id.
  {
    path: '/analytics',
    section: 'analytics',
    label: 'nav.analytics',
    icon: 'chart',
    page: lazyPage(() => import('../analytics/AnalyticsPage.tsx')),
  },
  {
    path: '/dashboards/:id',
    section: 'analytics',
    label: 'nav.analytics',
    icon: 'chart',
    nav: false,
    page: lazyPage(() => import('../analytics/DashboardPage.tsx')),
  },
  {
    path: '/reports/:id',
    section: 'analytics',
    label: 'nav.analytics',
    icon: 'table',
    nav: false,
    page: lazyPage(() => import('../analytics/ReportPage.tsx')),
  },
  {
    path: '/analytics/builder',
    section: 'analytics',
    label: 'nav.reportBuilder',
    icon: 'chart',
    nav: false,
    page: lazyPage(() => import('../analytics/builder/ReportBuilderPage.tsx')),
  },
  {
    path: '/analytics/builder/:id',
    section: 'analytics',
    label: 'nav.reportBuilder',
    icon: 'chart',
    nav: false,
    page: lazyPage(() => import('../analytics/builder/ReportBuilderPage.tsx')),
  },
  {
    path: '/design/forms',
    section: 'design',
    label: 'nav.forms',
    icon: 'forms',
    page: lazyPage(() => import('../form-designer/FormsPage.tsx')),
  },
  {
    path: '/design/forms/:id',
    section: 'design',
    label: 'nav.forms',
    icon: 'forms',
    nav: false,
    page: lazyPage(() => import('../form-designer/FormEditorPage.tsx')),
  },
  {
    path: '/design/flows',
    section: 'design',
    label: 'nav.flows',
    icon: 'flows',
    page: lazyPage(() => import('../flow-modeler/FlowsPage.tsx')),
  },
  {
    path: '/design/flows/:id',
    section: 'design',
    label: 'nav.flows',
    icon: 'flows',
    nav: false,
    page: lazyPage(() => import('../flow-modeler/FlowModelerPage.tsx')),
  },
  {
    path: '/design/decisions',
    section: 'design',
    label: 'nav.decisions',
    icon: 'table',
    page: lazyPage(() => import('../decision-editor/DecisionsPage.tsx')),
  },
  {
    path: '/design/decisions/:id',
    section: 'design',
    label: 'nav.decisions',
    icon: 'table',
    nav: false,
    page: lazyPage(() => import('../decision-editor/DecisionEditorPage.tsx')),
  },
  // The admin console: an overview and one page per task.
  {
    path: '/admin',
    section: 'admin',
    label: 'nav.adminOverview',
    icon: 'admin',
    page: lazyPage(() => import('../admin/AdminPage.tsx')),
  },
  {
    path: '/admin/modules',
    section: 'admin',
    label: 'nav.modules',
    icon: 'puzzle',
    page: lazyPage(() => import('../admin/ModulesPage.tsx')),
  },
  {
    path: '/admin/users',
    section: 'admin',
    label: 'nav.users',
    icon: 'users',
    page: lazyPage(() => import('../admin/users/UsersPage.tsx')),
  },
  {
    path: '/admin/departments',
    section: 'admin',
    label: 'nav.departments',
    icon: 'building',
    page: lazyPage(() => import('../admin/departments/DepartmentsPage.tsx')),
  },
  {
    path: '/admin/roles',
    section: 'admin',
    label: 'nav.roles',
    icon: 'key',
    page: lazyPage(() => import('../admin/roles/RolesPage.tsx')),
  },
  {
    path: '/admin/out-of-office',
    section: 'admin',
    label: 'nav.outOfOffice',
    icon: 'calendar',
    page: lazyPage(() => import('../admin/OutOfOfficePage.tsx')),
  },
  {
    path: '/admin/incidents',
    section: 'admin',
    label: 'nav.incidents',
    icon: 'alert',
    page: lazyPage(() => import('../admin/IncidentsPage.tsx')),
  },
  {
    path: '/admin/audit',
    section: 'admin',
    label: 'nav.audit',
    icon: 'history',
    page: lazyPage(() => import('../admin/AuditPage.tsx')),
  },
  {
    path: '/admin/export-alerts',
    section: 'admin',
    label: 'nav.exportAlerts',
    icon: 'bell',
    page: lazyPage(() => import('../admin/ExportAlertsPage.tsx')),
  },
  {
    path: '/admin/queues',
    section: 'admin',
    label: 'nav.queues',
    icon: 'activity',
    page: lazyPage(() => import('../admin/QueuesPage.tsx')),
  },
  {
    path: '/admin/backup',
    section: 'admin',
    label: 'nav.backup',
    icon: 'database',
    page: lazyPage(() => import('../admin/BackupPage.tsx')),
  },
  {
    path: '/admin/calendars',
    section: 'admin',
    label: 'nav.calendars',
    icon: 'calendar',
    page: lazyPage(() => import('../admin/calendars/CalendarsPage.tsx')),
  },
  {
    path: '/admin/scheduled-runs',
    section: 'admin',
    label: 'nav.scheduledRuns',
    icon: 'hourglass',
    page: lazyPage(() => import('../admin/scheduled-runs/ScheduledRunsPage.tsx')),
  },
  // Business documents: a record's page (in the records section) and its print view, made from the
  // form's definition. Lists (/records/:form) link here, and so do notifications and alerts.
  {
    path: '/records/:form/new',
    section: 'records',
    label: 'nav.record',
    icon: 'forms',
    nav: false,
    page: lazyPage(() => import('../documents/RecordPage.tsx')),
  },
  {
    path: '/records/:form/:id',
    section: 'records',
    label: 'nav.record',
    icon: 'forms',
    nav: false,
    page: lazyPage(() => import('../documents/RecordPage.tsx')),
  },
  {
    path: '/records/:form/:id/print',
    section: null,
    label: 'nav.print',
    icon: 'printer',
    nav: false,
    page: lazyPage(() => import('../documents/PrintPage.tsx')),
  },
  {
    path: '/ledger/vouchers/:id/print',
    section: null,
    label: 'nav.print',
    icon: 'printer',
    nav: false,
    page: lazyPage(() => import('../documents/PrintPage.tsx')),
  },
  {
    path: '/account/away',
    section: null,
    label: 'outOfOffice',
    icon: 'plane',
    nav: false,
    page: lazyPage(() => import('../portal/OutOfOfficePage.tsx')),
  },
  {
    path: '/account/password',
    section: null,
    label: 'nav.password',
    icon: 'key',
    nav: false,
    page: lazyPage(() => import('./ChangePasswordPage.tsx')),
  },
];

/** The page every signed-in user lands on. */
export const HOME = '/requests';

export function sectionOf(id: SectionId): Section {
  return SECTIONS.find((s) => s.id === id)!;
}

export function canOpen(route: AppRoute, me: Me): boolean {
  const section = route.section ? sectionOf(route.section) : undefined;
  return (section?.allow?.(me) ?? true) && (route.allow?.(me) ?? true);
}

/** The navigation a user sees: sections with the routes they may open, in registry order. */
export function navigationFor(me: Me): { section: Section; routes: AppRoute[] }[] {
  return SECTIONS.map((section) => ({
    section,
    routes: ROUTES.filter((r) => r.section === section.id && r.nav !== false && canOpen(r, me)),
  })).filter((entry) => entry.routes.length > 0);
}

export function findRoute(pathname: string): { route: AppRoute; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const params = matchParams(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

function matchParams(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const actual = have[i]!;
    if (!part.startsWith(':')) {
      if (part !== actual) return null;
      continue;
    }
    try {
      params[part.slice(1)] = decodeURIComponent(actual);
    } catch {
      return null;
    }
  }
  return params;
}
