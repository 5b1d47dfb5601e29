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
