// The deployed decisions (the latest version of each, with its hit policy and its number of
// versions); a new table or an imported .dmn file opens in the editor (a separate lazy page:
// dmn-js is only downloaded there).
import { useState } from 'react';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { navigate } from '#designer/shell/router.tsx';
import { Alert, Button, EmptyState, Page, useFormat, useLoad } from '#designer/ui/index.ts';
import { Badge, FileButton, LinkList, LinkListItem, LoadState } from '#designer/ui/kit/index.ts';
import { listDecisions } from './api.ts';
import { CreateDecision } from './CreateDecision.tsx';
import { stashImportedDecision } from './handoff.ts';
import { decisionMessages } from './messages.ts';
import { DMN_FILES, decisionNameIn, firstDecisionId } from './template.ts';

export default function DecisionsPage() {
  const t = useMessages(decisionMessages);
  const format = useFormat();
  const { locale } = useLocale();
  const decisions = useLoad(listDecisions);
  const [creating, setCreating] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);

  const importFile = async (chosen: File): Promise<void> => {
    setImportError(null);
    const xml = await chosen.text();
    const id = firstDecisionId(xml);
    if (!id) {
      setImportError(t('import.failed', { message: chosen.name }));
      return;
    }
    stashImportedDecision(id, xml, chosen.name);
    navigate(`/design/decisions/${encodeURIComponent(id)}`);
  };

  return (
    <Page
      title={t('title')}
      intro={t('intro')}
      actions={
        <>
          <FileButton icon="upload" accept={DMN_FILES} onFile={(f) => void importFile(f)}>
            {t('importDecision')}
          </FileButton>
          {!creating && (
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
              {t('newDecision')}
            </Button>
          )}
        </>
      }
    >
      {importError && <Alert tone="error">{importError}</Alert>}
      {creating && (
        <CreateDecision
          taken={(decisions.data ?? []).map((d) => d.decisionId)}
          onCancel={() => setCreating(false)}
        />
      )}
      <LoadState state={decisions} failed={t('listFailed')}>
        {(items) =>
          items.length === 0 ? (
            !creating && (
              <EmptyState icon="table" title={t('emptyTitle')}>
                {t('emptyText')}
              </EmptyState>
            )
          ) : (
            <LinkList label={t('title')}>
              {items.map((d) => (
                <LinkListItem
                  key={d.decisionId}
                  to={`/design/decisions/${encodeURIComponent(d.decisionId)}`}
                  aria-label={t('open', { name: decisionNameIn(d, locale) })}
                  data-decision={d.decisionId}
                  icon="table"
                  name={decisionNameIn(d, locale)}
                  facts={
                    <>
                      <code>{d.decisionId}</code>
                      <span>{t('latest', { n: d.version, when: format.dateTime(d.deployedAt) })}</span>
                    </>
                  }
                  badges={
                    <>
                      <Badge>{t('versionCount', { n: d.versions ?? 1 })}</Badge>
                      <Badge tone="info">
                        {d.hitPolicy ?? t(d.kind === 'literal' ? 'kind.literal' : 'kind.table')}
                      </Badge>
                    </>
                  }
                />
              ))}
            </LinkList>
          )
        }
      </LoadState>
    </Page>
  );
}
