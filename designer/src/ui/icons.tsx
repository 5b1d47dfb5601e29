// Line icons (24×24, currentColor), drawn for Forma. Decorative: the text beside them carries the
// meaning, so they are aria-hidden.
import type { SVGProps } from 'react';

const PATHS = {
  requests: 'M7 3h7l5 5v13H7z M14 3v5h5 M10 13h6 M10 17h6',
  inbox: 'M3 13l3-8h12l3 8v6H3z M3 13h5l1 3h6l1-3h5',
  design: 'M4 20l4-1 11-11-3-3L5 16z M14 7l3 3',
  forms: 'M5 4h14v16H5z M8 8h8 M8 12h8 M8 16h5',
  flows: 'M4 4h6v5H4z M14 15h6v5h-6z M7 9v3h10v3',
  admin: 'M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z M9 12l2 2 4-4',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M4 21c1-4 4-6 8-6s7 2 8 6',
  logout: 'M10 4H5v16h5 M14 8l4 4-4 4 M18 12H9',
  key: 'M14 10a4 4 0 1 0-3.5 4 M10.5 14L4 20.5 M7 17.5l2 2 M14 10l6 6-2 2',
  globe: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z M3 12h18 M12 3c2.5 3 2.5 15 0 18 M12 3c-2.5 3-2.5 15 0 18',
  chevronDown: 'M6 9l6 6 6-6',
  alert: 'M12 4l9 16H3z M12 10v4 M12 17v.5',
  info: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z M12 11v6 M12 7.5v.5',
  check: 'M5 12l5 5 9-10',
  plus: 'M12 5v14 M5 12h14',
  minus: 'M5 12h14',
  close: 'M6 6l12 12 M18 6L6 18',
  up: 'M12 19V5 M6 11l6-6 6 6',
  down: 'M12 5v14 M6 13l6 6 6-6',
  copy: 'M9 9h11v11H9z M5 15H4V4h11v1',
  // Form designer and flow modeler
  text: 'M5 6h14 M12 6v13 M9 19h6',
  paragraph: 'M4 6h16 M4 10h16 M4 14h16 M4 18h10',
  number: 'M9 4L7 20 M17 4l-2 16 M4 9h16 M3 15h16',
  money:
    'M12 3v18 M17 7c-1-1.5-3-2-5-2-2.5 0-4.5 1.2-4.5 3.3C7.5 13 17 10.5 17 15.5 17 17.8 15 19 12 19c-2.3 0-4.2-.7-5.2-2.2',
  calendar: 'M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5',
  select: 'M4 5h16v14H4z M8 10l4 4 4-4',
  multiSelect: 'M4 5h6v6H4z M4 15h6v6H4z M5.5 8l1.5 1.5L9.5 6 M14 8h6 M14 18h6',
  checkbox: 'M4 4h16v16H4z M8 12l3 3 5-6',
  users:
    'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z M2 20c.8-3.5 3.3-5.5 7-5.5s6.2 2 7 5.5 M16 4.5a3.5 3.5 0 0 1 0 6.5 M18 14.5c2 .7 3.4 2.6 4 5.5',
  building: 'M4 21V4h10v17 M14 9h6v12 M2 21h20 M7 8h2 M7 12h2 M7 16h2 M17 13h1 M17 17h1',
  paperclip: 'M20 11l-8.5 8.5a5 5 0 0 1-7-7L13 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L14 7',
  table: 'M3 5h18v14H3z M3 10h18 M3 15h18 M9 10v9 M15 10v9',
  chart: 'M3 20h18 M6 16v-5 M11 16V6 M16 16v-8 M20 16v-3',
  section: 'M4 4h16v5H4z M4 13h16v7H4z',
  grip: 'M9 6h.01 M15 6h.01 M9 12h.01 M15 12h.01 M9 18h.01 M15 18h.01',
  eye: 'M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  code: 'M8 7l-5 5 5 5 M16 7l5 5-5 5 M14 4l-4 16',
  diff: 'M6 3v12 M6 15a3 3 0 1 0 0 6 3 3 0 0 0 0-6z M18 21V9 M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M6 7h6 M18 17h-6',
  trash: 'M4 7h16 M10 11v6 M14 11v6 M6 7l1 13h10l1-13 M9 7V4h6v3',
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z',
  upload: 'M12 16V4 M7 9l5-5 5 5 M4 16v4h16v-4',
  download: 'M12 4v12 M7 11l5 5 5-5 M4 16v4h16v-4',
  play: 'M7 4l13 8-13 8z',
  send: 'M4 12l16-8-6 16-3-7z M11 13l9-9',
  save: 'M5 4h11l3 3v13H5z M8 4v5h7V4 M8 20v-6h8v6',
  lock: 'M6 11h12v10H6z M8 11V8a4 4 0 0 1 8 0v3',
  branch: 'M6 4v16 M6 12c0-4 12-2 12-8 M18 20v-6',
  clock: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z M12 7v5l3 2',
  function: 'M14 4c-3 0-3 3-3.5 8S9 20 6 20 M8 10h8',
  file: 'M7 3h7l5 5v13H7z M14 3v5h5',
  undo: 'M9 14L4 9l5-5 M4 9h10.5a5.5 5.5 0 0 1 0 11H11',
  redo: 'M15 14l5-5-5-5 M20 9H9.5a5.5 5.5 0 0 0 0 11H13',
  fit: 'M4 9V4h5 M15 4h5v5 M20 15v5h-5 M9 20H4v-5',
  // Employee portal (bell and search: with the admin console's below)
  back: 'M15 5l-7 7 7 7',
  forward: 'M9 5l7 7-7 7',
  transfer: 'M4 8h13 M13 4l4 4-4 4 M20 16H7 M11 12l-4 4 4 4',
  userPlus: 'M10 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M3 21c1-4 3.5-6 7-6 1.5 0 2.8.3 3.9 1 M19 14v6 M16 17h6',
  message: 'M4 5h16v11H9l-5 4z',
  receipt: 'M6 3h12v18l-3-2-3 2-3-2-3 2z M9 8h6 M9 12h6 M9 16h3',
  plane: 'M21 16v-2l-8-5V3.5a1.5 1.5 0 0 0-3 0V9l-8 5v2l8-2.5V19l-2 1.5V22l3.5-1 3.5 1v-1.5L13 19v-5.5z',
  hourglass: 'M7 3h10 M7 21h10 M8 3c0 5 8 5 8 9s-8 4-8 9 M16 3c0 5-8 5-8 9s8 4 8 9',
  // Admin console
  puzzle: 'M4 8h4a2 2 0 1 1 4 0h4v4a2 2 0 1 1 0 4v4H4z',
  bell: 'M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z M10 20a2 2 0 0 0 4 0',
  activity: 'M3 12h4l3-8 4 16 3-8h4',
  database:
    'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3z M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6 M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z M20 20l-4-4',
  history: 'M3 12a9 9 0 1 0 3-6.7 M3 4v4h4 M12 7v5l3 2',
  filter: 'M4 5h16l-6 8v6l-4-2v-4z',
  // Business documents
  link: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1 M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  // Records: their screens, codes and labels
  records: 'M4 5h16v4H4z M4 11h16v4H4z M4 17h16v3H4z',
  board: 'M4 4h4v16H4z M10 4h4v10h-4z M16 4h4v13h-4z',
  scan: 'M4 8V4h4 M16 4h4v4 M20 16v4h-4 M8 20H4v-4 M7 12h10',
  barcode: 'M4 5v14 M7 5v14 M10 5v14 M14 5v14 M16 5v14 M20 5v14',
  printer: 'M7 8V3h10v5 M5 8h14v8h-2 M7 16H5 M7 13h10v8H7z',
  more: 'M5 12h.01 M12 12h.01 M19 12h.01',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({
  name,
  size = 20,
  ...rest
}: { name: IconName; size?: number } & SVGProps<SVGSVGElement>) {
  return (
    <svg
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
