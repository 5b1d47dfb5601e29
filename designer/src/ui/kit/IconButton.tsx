// A button that is only an icon (undo, move up, remove …): its label is its accessible name and its
// tooltip.
import type { ButtonHTMLAttributes } from 'react';
import { Icon, type IconName } from '../icons.tsx';
import './icon-button.css';

export function IconButton({
  icon,
  label,
  size = 18,
  danger = false,
  className,
  type = 'button',
  ...rest
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> & {
  icon: IconName;
  label: string;
  size?: number;
  danger?: boolean;
}) {
  const classes = ['f-iconbtn', danger && 'f-iconbtn--danger', className].filter(Boolean);
  return (
    <button type={type} className={classes.join(' ')} aria-label={label} title={label} {...rest}>
      <Icon name={icon} size={size} />
    </button>
  );
}
