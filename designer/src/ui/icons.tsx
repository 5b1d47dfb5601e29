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
