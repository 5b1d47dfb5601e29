// The decision editor: dmn-js's decision table editor (and literal expression and requirements
// views) on a DMN 1.3 file; the server's deploy check runs a moment after each change and its
// problems are outlined at their rule and cell and listed below; "Try it" evaluates the table as
// edited with sample values and highlights the matching rules; Deploy makes a new version;
// .dmn files import and export (the files Camunda Modeler opens). On a phone the table is only
// read, as one card per rule.
//
// The page composes: what it loads (editor/use-decision-document.ts), dmn-js
// (editor/use-decision-modeler.ts), the marks (editor/marks.ts), the problems (ProblemsList.tsx),
// the evaluation (TryPanel.tsx) and the phone's cards (RuleCards.tsx).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PageProps } from '#designer/shell/routes.ts';
import { asApiError, type ApiError } from '#designer/api/errors.ts';
import type { Params } from '#designer/i18n/define.ts';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Link, navigate } from '#designer/shell/router.tsx';
import { Alert, Button, Icon, Page, Spinner, useFormat } from '#designer/ui/index.ts';
import {
  Badge,
  EditorIntro,
  FileButton,
  Section,
  Tabs,
  useDebouncedCheck,
  useUnsavedWarning,
} from '#designer/ui/kit/index.ts';
import { deploy, listVersions, validate, type DecisionProblem } from './api.ts';
import { marksCss, showCell } from './editor/marks.ts';
import { deployedName, useDecisionDocument } from './editor/use-decision-document.ts';
import { useDecisionModeler } from './editor/use-decision-modeler.ts';
import { decisionMessages, type DecisionKey } from './messages.ts';
import { ProblemsList } from './ProblemsList.tsx';
import { RuleCards } from './RuleCards.tsx';
import { DMN_FILES, decisionNameIn } from './template.ts';
import { TryPanel } from './TryPanel.tsx';
import './decisions.css';

const PHONE = '(max-width: 720px)';

/** What the page says above the table: kept as a text's key, so it follows a change of language. */
type Notice = { tone: 'success' | 'error' | 'info' } & (
  { key: DecisionKey; params?: Params } | { error: ApiError }
);
const CHECK_DELAY_MS = 900;

/** True on a narrow screen (follows rotation and resizing). */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(PHONE).matches);
  useEffect(() => {
    const query = window.matchMedia(PHONE);
    const update = (): void => setNarrow(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return narrow;
}

function download(xml: string, name: string): void {
  const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.dmn`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export default function DecisionEditorPage({ params }: PageProps) {
  const decisionId = params.id!;
  const t = useMessages(decisionMessages);
  const { locale } = useLocale();
  const format = useFormat();
  const narrow = useNarrow();
  const containerRef = useRef<HTMLDivElement>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<DecisionProblem[]>([]);
  const [checking, setChecking] = useState(false);
  const [matched, setMatched] = useState<string[]>([]);

  const templateTexts = useMemo(() => ({ input: t('tpl.input'), output: t('tpl.output') }), [t]);
  const doc = useDecisionDocument(decisionId, templateTexts);
  const { initial, deployed } = doc;
  const modeler = useDecisionModeler({
    xml: initial?.xml ?? null,
    dirtyAtStart: initial?.dirty ?? false,
    enabled: !narrow,
    locale,
    containerRef,
    preferred: decisionId,
    onError: doc.setLoadError,
  });
  useUnsavedWarning(modeler.dirty);

  useEffect(() => {
    if (initial?.importedFrom)
      setNotice({ tone: 'info', key: 'importDone', params: { file: initial.importedFrom } });
  }, [initial]);

  useDebouncedCheck(
    async (signal) => {
      setChecking(true);
      try {
        setProblems(await validate(await modeler.saveXml(), signal));
      } finally {
        setChecking(false);
      }
    },
    [modeler.rev],
    CHECK_DELAY_MS,
    modeler.ready,
  );
  // A change makes the last evaluation's highlights stale.
  useEffect(() => setMatched([]), [modeler.rev]);

  const doDeploy = async (): Promise<void> => {
    setBusy(true);
    setNotice(null);
    const xml = await modeler.saveXml();
    try {
      const result = await deploy(xml);
      modeler.setDirty(false);
      setProblems([]);
      const mine = result.decisions.find((d) => d.decisionId === decisionId) ?? result.decisions[0];
      doc.setDeployed(deployedName(mine?.version ?? null, mine));
      setNotice({
        tone: 'success',
        key: result.duplicate ? 'deployedSame' : 'deployed',
        params: { n: mine?.version ?? result.version },
      });
      if (mine && mine.decisionId !== decisionId)
        navigate(`/design/decisions/${encodeURIComponent(mine.decisionId)}`, { replace: true });
      else doc.setVersions(await listVersions(decisionId).catch(() => []));
    } catch (e) {
      const error = asApiError(e);
      if (error.code === 'DECISION_DEFINITION_INVALID') {
        // The reply's details say the same as the check, which lists them by rule and cell.
        setProblems(await validate(xml).catch(() => []));
        setNotice({ tone: 'error', key: 'deployFailed', params: { n: error.details.length } });
      } else setNotice({ tone: 'error', error });
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (file: File): Promise<void> => {
    try {
      await modeler.importXml(await file.text());
      setNotice({ tone: 'info', key: 'importDone', params: { file: file.name } });
    } catch (e) {
      setNotice({ tone: 'error', key: 'import.failed', params: { message: (e as Error).message } });
    }
  };

  const show = (elementId: string, problemDecision?: string): void => {
    if (problemDecision && modeler.active?.id !== problemDecision) modeler.openView(problemDecision);
    setTimeout(() => showCell(containerRef.current, elementId), 50);
  };

  if (doc.loadError)
    return (
      <Page title={t('title')}>
        <Alert tone="error">
          {t('loadFailed')} {doc.loadError.text(locale)}
        </Alert>
        <Link to="/design/decisions">{t('back')}</Link>
      </Page>
    );

  const name =
    deployed.name || deployed.nameZh
      ? decisionNameIn({ decisionId, ...deployed }, locale)
      : (modeler.views.find((v) => v.id === decisionId)?.name ?? decisionId);
  const views = modeler.views.filter((v) => v.type !== 'drd' || modeler.views.length > 2);
  return (
    <Page
      title={name}
      documentTitle={`${name} · ${t('title')}`}
      intro={
        <EditorIntro
          backTo="/design/decisions"
          backLabel={t('back')}
          dirty={modeler.dirty}
          savedLabel={modeler.dirty ? t('unsaved') : t('upToDate')}
        >
          <Badge tone={deployed.version ? 'success' : 'warning'}>
            {deployed.version ? t('deployedVersion', { n: deployed.version }) : t('notDeployed')}
          </Badge>
        </EditorIntro>
      }
      actions={
        narrow ? undefined : (
          <>
            <FileButton
              icon="upload"
              accept={DMN_FILES}
              disabled={!modeler.ready}
              onFile={(f) => void importFile(f)}
            >
              {t('importDecision')}
            </FileButton>
            <Button
              icon="download"
              onClick={() => void modeler.saveXml().then((xml) => download(xml, decisionId))}
              disabled={!modeler.ready}
            >
              {t('exportDmn')}
            </Button>
            <Button
              variant="primary"
              icon="send"
              busy={busy}
              disabled={!modeler.ready}
              onClick={() => void doDeploy()}
            >
              {busy ? t('deploying') : t('deploy')}
            </Button>
          </>
        )
      }
    >
      {notice && (
        <Alert tone={notice.tone}>
          {'error' in notice ? notice.error.text(locale) : t(notice.key, notice.params)}
        </Alert>
      )}
      {narrow ? (
        <>
          <Alert tone="info">{t('phoneNote')}</Alert>
          {initial ? (
            <RuleCards xml={initial.xml} decisionId={decisionId} />
          ) : (
            <Spinner label={t('loading')} />
          )}
        </>
      ) : (
        <>
          <style>{marksCss(problems, matched)}</style>
          <div className="f-dmn-bar">
            {views.length > 1 && (
              <Tabs
                label={t('views')}
                idPrefix="dmn-view"
                items={views.map((v) => ({
                  id: v.id,
                  icon: v.type === 'drd' ? ('branch' as const) : ('table' as const),
                  label: v.type === 'drd' ? t('drd') : (v.name ?? v.id),
                }))}
                selected={modeler.active?.id ?? decisionId}
                onSelect={modeler.openView}
              />
            )}
            <span
              className={`f-dmn-check${problems.length ? ' f-dmn-check--problems' : ''}`}
              role="status"
              data-problems={problems.length}
            >
              <Icon name={problems.length ? 'alert' : 'check'} size={16} />
              {checking
                ? t('checking')
                : problems.length
                  ? t('checkProblems', { n: problems.length })
                  : t('checkOk')}
            </span>
          </div>
          <div className="f-dmn-editor" ref={containerRef} role="application" aria-label={t('editor')} />
          {!modeler.ready && <Spinner label={t('loading')} />}
          <div className="f-dmn-panels">
            <ProblemsList problems={problems} onShow={show} />
            <TryPanel
              decisionId={modeler.active?.type === 'drd' ? decisionId : (modeler.active?.id ?? decisionId)}
              saveXml={modeler.saveXml}
              onMatched={setMatched}
            />
          </div>
        </>
      )}
      {doc.versions.length > 0 && (
        <Section title={t('versions')} icon="history">
          <ul className="f-dmn-versions">
            {[...doc.versions].reverse().map((v) => (
              <li key={v.key}>
                {t('versionLine', { n: v.version, when: format.dateTime(v.deployedAt) })}
                {v.versionTag && <Badge>{v.versionTag}</Badge>}
                {v.deployedBy && <span className="f-dmn-note">{v.deployedBy}</span>}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </Page>
  );
}
