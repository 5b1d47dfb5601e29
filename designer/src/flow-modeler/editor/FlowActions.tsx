// The modeler page's buttons: import a .bpmn file, export the diagram, publish it to the request
// catalogue (or manage its entry), deploy.
import { useRef } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { Button } from '#designer/ui/index.ts';
import type { CatalogueEntry } from '../api.ts';
import { catalogueMessages } from '../catalogue/messages.ts';
import { flowModelerMessages } from '../messages.ts';

export function FlowActions({
  ready,
  busy,
  entry,
  catalogueKnown,
  canCatalogue,
  onImport,
  onExport,
  onCatalogue,
  onDeploy,
}: {
  ready: boolean;
  busy: boolean;
  /** The flow's catalogue entry, if it has one. */
  entry: CatalogueEntry | null;
  /** The catalogue could be read (the button is offered). */
  catalogueKnown: boolean;
  canCatalogue: boolean;
  onImport(file: File): void;
  onExport(): void;
  onCatalogue(): void;
  onDeploy(): void;
}) {
  const t = useMessages(flowModelerMessages);
  const tc = useMessages(catalogueMessages);
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={fileRef}
        type="file"
        accept=".bpmn,.xml,application/xml,text/xml"
        className="f-visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onImport(file);
        }}
      />
      <Button icon="upload" onClick={() => fileRef.current?.click()} disabled={!ready}>
        {t('importFlow')}
      </Button>
      <Button icon="download" onClick={onExport} disabled={!ready} data-action="export">
        {t('exportBpmn')}
      </Button>
      {catalogueKnown && (
        <Button
          icon="requests"
          onClick={onCatalogue}
          disabled={!canCatalogue}
          data-action="catalogue"
          data-entry={entry?.id}
        >
          {entry ? tc('manage') : tc('publish')}
        </Button>
      )}
      <Button
        variant="primary"
        icon="send"
        busy={busy}
        disabled={!ready || busy}
        onClick={onDeploy}
        data-action="deploy"
      >
        {busy ? t('deploying') : t('deploy')}
      </Button>
    </>
  );
}
