// What the editor page reads when it opens a decision: its DMN file — an imported file or a new
// table's template handed over by the list, else the deployed version — what is deployed (the
// version) and its versions.
import { useEffect, useRef, useState } from 'react';
import { asApiError, type ApiError } from '#designer/api/errors.ts';
import { listVersions, loadLatest } from '../api.ts';
import { dropDecisionDraft, takeDecisionDraft } from '../handoff.ts';
import { newDecisionXml, type TemplateTexts } from '../template.ts';

export interface InitialFile {
  xml: string;
  /** It is not what is deployed (a new table, an imported file). */
  dirty: boolean;
  importedFrom?: string;
}

export type DecisionVersion = Awaited<ReturnType<typeof listVersions>>[number];

/** The deployed version and its names (both languages when the file gives both). */
export interface DeployedName {
  version: number | null;
  name?: string;
  nameZh?: string;
}

export const deployedName = (
  version: number | null,
  d: { name?: string | undefined; nameZh?: string | undefined } | undefined,
): DeployedName => ({
  version,
  ...(d?.name ? { name: d.name } : {}),
  ...(d?.nameZh ? { nameZh: d.nameZh } : {}),
});

export function useDecisionDocument(decisionId: string, templateTexts: TemplateTexts) {
  const [initial, setInitial] = useState<InitialFile | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [deployed, setDeployed] = useState<DeployedName>({ version: null });
  const [versions, setVersions] = useState<DecisionVersion[]>([]);
  const texts = useRef(templateTexts);
  texts.current = templateTexts;

  useEffect(() => {
    let live = true;
    setInitial(null);
    setLoadError(null);
    (async () => {
      const draft = takeDecisionDraft(decisionId);
      let xml: string;
      let isDeployed = true;
      try {
        const latest = await loadLatest(decisionId);
        if (!live) return;
        setDeployed(deployedName(latest.version, latest));
        xml = draft?.xml ?? latest.xml ?? '';
      } catch (e) {
        const error = asApiError(e);
        if (error.status !== 404) throw error;
        setDeployed({ version: null });
        isDeployed = false;
        xml =
          draft?.xml ??
          newDecisionXml(
            decisionId,
            draft?.name ? { en: draft.name, 'zh-CN': draft.nameZh } : decisionId,
            texts.current,
          );
      }
      if (!live) return;
      if (draft?.xml) setInitial({ xml, dirty: true, importedFrom: draft.fileName ?? decisionId });
      else setInitial({ xml, dirty: !isDeployed });
      dropDecisionDraft(decisionId);
      if (isDeployed)
        listVersions(decisionId)
          .then((v) => live && setVersions(v))
          .catch(() => undefined);
    })().catch((e: unknown) => live && setLoadError(asApiError(e)));
    return () => {
      live = false;
    };
  }, [decisionId]);

  return { initial, loadError, setLoadError, deployed, setDeployed, versions, setVersions };
}
