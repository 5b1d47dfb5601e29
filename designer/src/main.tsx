import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './shell/App.tsx';
import { registerServiceWorker } from './offline/register.ts';
import { findRoute, HOME } from './shell/routes.ts';
import { publicLinkToken } from './public-actions/route.ts';
import './ui/ui.css';
import './shell/shell.css';

// Fetch the chunk of the page in the URL (and what it reads, if it says) while the session loads,
// not after it (a public link's page has no session and loads its own).
if (!publicLinkToken(location.pathname)) {
  const opened = findRoute(location.pathname) ?? findRoute(HOME);
  void opened?.route.page.preload();
  opened?.route.prefetch?.(opened.params);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerServiceWorker();
