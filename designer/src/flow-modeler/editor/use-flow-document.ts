// Everything the modeler page reads when it opens a flow: its diagram — an imported file or a new
// flow's template handed over by the flows list, else unsaved work kept in this browser, else the
// deployed version — what is deployed (the
// version, its name and forms), its versions, the published forms and the roles the panels offer,
// and the catalogue entries published from the designer.
import { useEffect, useRef, useState } from 'react';
import { asApiError, type ApiError } from '#designer/api/errors.ts';
import {
  listEntries,
  listRoles,
  listVersions,
  loadLatest,
  publishedForms,
  type CatalogueEntry,
  type FlowVersion,
} from '../api.ts';
import { dropDraft, takeDraft } from '../handoff.ts';
import { clearLocalDraft, readLocalDraft } from './local-draft.ts';
import { newDiagramXml, type TemplateTextsByLanguage } from '../model/template.ts';
import type { PanelContext } from '../panels/context.ts';

/** The diagram the modeler starts from. */
export interface InitialDiagram {
  xml: string;
  /** It is not what is deployed (a new flow, an imported file). */
  dirty: boolean;
  /** The name of the file it was imported from. */
  importedFrom?: string;
  /** When the unsaved diagram kept in this browser (restored instead of the deployed one) was saved. */
  restoredFrom?: string;
}

/** What is deployed: the version (null: nothing yet), its name and the forms it names. */
export interface Deployed {
  version: number | null;
  name?: string;
  formIds: string[];
}

export function useFlowDocument(processId: string, templateTexts: TemplateTextsByLanguage) {
  const [initial, setInitial] = useState<InitialDiagram | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [deployed, setDeployed] = useState<Deployed>({ version: null, formIds: [] });
  const [versions, setVersions] = useState<FlowVersion[] | null>(null);
  const [forms, setForms] = useState<PanelContext['forms']>([]);
  // The roles to choose from: null until read (or when they cannot be).
  const [roles, setRoles] = useState<PanelContext['roles'] | null>(null);
  // The catalogue entries published from the designer: null until read (or when they cannot be).
  const [entries, setEntries] = useState<CatalogueEntry[] | null>(null);
  // Only a brand-new flow uses them, at first load (not a reason to load again).
  const texts = useRef(templateTexts);
  texts.current = templateTexts;

  useEffect(() => {
    let live = true;
    setInitial(null);
    setLoadError(null);
    (async () => {
      const draft = takeDraft(processId);
      let xml: string;
      let isDeployed = true;
      try {
        const latest = await loadLatest(processId);
        if (!live) return;
        setDeployed({
          version: latest.version,
          ...(latest.name ? { name: latest.name } : {}),
          formIds: latest.formIds ?? [],
        });
        xml = draft?.xml ?? latest.xml ?? '';
      } catch (e) {
        const error = asApiError(e);
        if (error.status !== 404) throw error;
        setDeployed({ version: null, formIds: [] });
        isDeployed = false;
        xml =
          draft?.xml ??
          newDiagramXml(
            processId,
            draft?.name ? { en: draft.name, 'zh-CN': draft.nameZh } : processId,
            texts.current,
          );
      }
      if (!live) return;
      const local = readLocalDraft(processId);
      if (draft?.xml) {
        setInitial({ xml, dirty: true, importedFrom: draft.fileName ?? processId });
        dropDraft(processId);
      } else if (local && local.xml !== xml) {
        // Unsaved work from an earlier visit (a reload, a link, a crash) comes back.
        setInitial({ xml: local.xml, dirty: true, restoredFrom: local.savedAt });
      } else {
        if (local) clearLocalDraft(processId);
        setInitial({ xml, dirty: !isDeployed });
      }
      listVersions(processId)
        .then((v) => live && setVersions(v))
        .catch(() => live && setVersions([]));
    })().catch((e: unknown) => live && setLoadError(asApiError(e)));
    publishedForms()
      .then((items) => live && setForms(items.map((f) => ({ id: f.id, name: f.name }))))
      .catch(() => undefined);
    listRoles()
      .then((items) => live && setRoles(items.map((r) => ({ id: r.id, name: r.name }))))
      .catch(() => undefined);
    listEntries()
      .then((items) => live && setEntries(items))
      .catch(() => live && setEntries(null));
    return () => {
      live = false;
    };
  }, [processId]);

  return {
    initial,
    loadError,
    setLoadError,
    deployed,
    setDeployed,
    versions,
    setVersions,
    forms,
    roles,
    entries,
    setEntries,
  };
}
