// A search box with its magnifier inside: the catalogue, the records index and the record lists
// filter as the person types (or on Enter, when the parent wraps it in a form).
import type { InputHTMLAttributes } from 'react';
import { Icon } from './icons.tsx';
import './search-field.css';

export function SearchField({
  label,
  ...input
}: { label: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'className'>) {
  return (
    <div className="f-search">
      <Icon name="search" size={18} />
      <input type="search" className="f-input f-search__input" aria-label={label} {...input} />
    </div>
  );
}
