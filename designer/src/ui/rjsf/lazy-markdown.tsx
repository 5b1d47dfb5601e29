// rjsf's Markdown (markdown-to-jsx, ≈10 KB gzipped), loaded only when a form shows some: rjsf uses
// it for descriptions and help a form opts into Markdown for (ui:enableMarkdownInDescription),
// its own file widget and its error notes — not for a form's ordinary fields. The build points
// rjsf's `markdown-to-jsx/react` here (designer/vite.config.ts `lazyMarkdown`); until the real one
// has arrived the text shows as it is.
import { lazy, Suspense, type ReactNode } from 'react';

// The package itself: the build's redirect applies only to imports from outside this file.
const Real = lazy(() => import('markdown-to-jsx/react').then((m) => ({ default: m.Markdown })));

type Props = { children?: ReactNode; options?: object } & Record<string, unknown>;

export function Markdown(props: Props) {
  return (
    <Suspense fallback={<span>{props.children}</span>}>
      <Real {...(props as Parameters<typeof Real>[0])} />
    </Suspense>
  );
}
