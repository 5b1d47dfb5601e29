// The pages an employee opens while the server cannot be reached (their source paths, as
// shell/routes.ts imports them): the service worker keeps each with everything it imports
// statically (designer/vite-plugins/service-worker.ts). Other pages need the server anyway.
export const OFFLINE_PAGES = [
  'src/portal/RequestsPage.tsx',
  'src/portal/MyRequestsPage.tsx',
  'src/portal/NewRequestPage.tsx',
  'src/portal/InboxPage.tsx',
  'src/portal/RequestPage.tsx',
  'src/portal/TaskPage.tsx',
];

/**
 * Modules those pages load later (dynamic imports), kept too: the new request's checks (FEEL), and
 * the validators compiled in the browser — what the page uses offline when it has no copy of the
 * ones the server compiled.
 */
export const OFFLINE_LAZY_MODULES = [
  'src/portal/request-checks.ts',
  'src/ui/rjsf/validation.ts',
  'src/ui/rjsf/server-checks.ts',
];
