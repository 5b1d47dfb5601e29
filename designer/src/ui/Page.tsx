import { useEffect, type ReactNode } from 'react';

/** A page's frame: its heading (also the document title), an optional intro and actions. */
export function Page({
  title,
  intro,
  actions,
  documentTitle,
  children,
}: {
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
  /** The browser tab's title (default: the page title). */
  documentTitle?: string;
  children?: ReactNode;
}) {
  useEffect(() => {
    document.title = documentTitle ?? title;
  }, [documentTitle, title]);
  return (
    <div className="f-page">
      <header className="f-page__header">
        <div className="f-page__heading">
          <h1 className="f-page__title">{title}</h1>
          {intro && <p className="f-page__intro">{intro}</p>}
        </div>
        {actions && <div className="f-page__actions">{actions}</div>}
      </header>
      <div className="f-page__body">{children}</div>
    </div>
  );
}
