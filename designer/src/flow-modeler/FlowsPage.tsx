// The deployed flows with their versions and running instances; a new flow or an imported .bpmn
// file opens in the modeler (a separate lazy page: bpmn-js is only downloaded there).
import { useRef, useState } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { navigate } from '#designer/shell/router.tsx';
import { Alert, Button, EmptyState, Page, useFormat, useLoad } from '#designer/ui/index.ts';
import { Badge, LinkList, LinkListItem, LoadState } from '#designer/ui/kit/index.ts';
import { entriesByFlow, listEntries, listFlows, listVersions, type FlowSummary } from './api.ts';
import { catalogueMessages } from './catalogue/messages.ts';
import { CreateFlow } from './CreateFlow.tsx';
import { stashImport } from './handoff.ts';
import { flowModelerMessages } from './messages.ts';

/** Running instances of all versions, per process (a few small calls; analysts have few flows). */
async function runningByFlow(flows: FlowSummary[]): Promise<Map<string, number>> {
  const counts = await Promise.all(
    flows.map(async (f) => {
      const versions = await listVersions(f.processId).catch(() => []);
      return [f.processId, versions.reduce((n, v) => n + (v.instances?.active ?? 0), 0)] as const;
    }),
  );
  return new Map(counts);
}

export default function FlowsPage() {
  const t = useMessages(flowModelerMessages);
  const tc = useMessages(catalogueMessages);
  const format = useFormat();
  const flows = useLoad(listFlows);
  const running = useLoad(async () => runningByFlow(flows.data ?? []), [flows.data]);
  // The catalogue entries that start each flow (none known when the catalogue cannot be read).
  const catalogue = useLoad(() => listEntries().then(entriesByFlow, () => new Map()));
  const [creating, setCreating] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);

  const importFile = async (chosen: File | undefined): Promise<void> => {
    if (!chosen) return;
    setImportError(null);
    const xml = await chosen.text();
    const id = /<(?:bpmn2?:)?process\b[^>]*\bid="([^"]+)"/.exec(xml)?.[1];
    if (!id) {
      setImportError(t('import.failed', { message: chosen.name }));
      return;
    }
    stashImport(id, xml, chosen.name);
    navigate(`/design/flows/${encodeURIComponent(id)}`);
  };

  return (
    <Page
      title={t('title')}
      intro={t('intro')}
      actions={
        <>
          <input
            ref={file}
            type="file"
            accept=".bpmn,.xml,application/xml,text/xml"
            className="f-visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => void importFile(e.target.files?.[0])}
          />
          <Button icon="upload" onClick={() => file.current?.click()}>
            {t('importFlow')}
          </Button>
          {!creating && (
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
              {t('newFlow')}
            </Button>
          )}
        </>
      }
    >
      {importError && <Alert tone="error">{importError}</Alert>}
      {creating && (
        <CreateFlow taken={(flows.data ?? []).map((f) => f.processId)} onCancel={() => setCreating(false)} />
      )}
      <LoadState state={flows} failed={t('listFailed')}>
        {(items) =>
          items.length === 0 ? (
            !creating && (
              <EmptyState icon="flows" title={t('emptyTitle')}>
                {t('emptyText')}
              </EmptyState>
            )
          ) : (
            <LinkList label={t('title')}>
              {items.map((flow) => {
                const entry = catalogue.data?.get(flow.processId)?.[0];
                const active = running.data?.get(flow.processId) ?? 0;
                return (
                  <LinkListItem
                    key={flow.processId}
                    to={`/design/flows/${encodeURIComponent(flow.processId)}`}
                    aria-label={t('open', { name: flow.name ?? flow.processId })}
                    data-flow={flow.processId}
                    icon="flows"
                    name={flow.name ?? flow.processId}
                    facts={
                      <>
                        <code>{flow.processId}</code>
                        <span>
                          {t('latest', { n: flow.version, when: format.dateTime(flow.deployedAt) })}
                        </span>
                      </>
                    }
                    badges={
                      <>
                        <Badge>{t('versionCount', { n: flow.versions ?? 1 })}</Badge>
                        {entry && (
                          <Badge tone="info" icon="requests" data-entry={entry.id}>
                            {tc('in')}
                          </Badge>
                        )}
                        {active > 0 && <Badge tone="success">{t('runningCount', { n: active })}</Badge>}
                      </>
                    }
                  />
                );
              })}
            </LinkList>
          )
        }
      </LoadState>
    </Page>
  );
}
