// The line under an editor's title (the form designer, the flow modeler): the way back to the list,
// the thing's status badges, and whether what is on screen is saved.
import type { ReactNode } from 'react';
import { Link } from '#designer/shell/router.tsx';
import { Icon } from '../icons.tsx';
import './editor-intro.css';

export function EditorIntro({
  backTo,
  backLabel,
  dirty,
  savedLabel,
  children,
}: {
  backTo: string;
  backLabel: string;
  /** What is on screen differs from what is saved. */
  dirty: boolean;
  /** What to say about it ("Changes not deployed" / "All changes saved"). */
  savedLabel: string;
  /** The badges between the way back and the saved state. */
  children?: ReactNode;
}) {
  return (
    <span className="f-editor__intro">
      <Link to={backTo} className="f-editor__back">
        <Icon name="up" size={16} className="f-editor__back-icon" />
        {backLabel}
      </Link>
      {children}
      <span className={`f-editor__saved${dirty ? ' f-editor__saved--dirty' : ''}`}>{savedLabel}</span>
    </span>
  );
}
