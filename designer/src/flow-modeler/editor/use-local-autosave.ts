// Autosave of the diagram into the browser (local-draft.ts) a moment after each change while it is
// unsaved; the page shows when it was last kept and hears when another tab saved the same flow.
import { useEffect, useState } from 'react';
import { clearLocalDraft, watchOtherTabs, writeLocalDraft, type LocalDraft } from './local-draft.ts';

const DELAY_MS = 600;

export function useLocalAutosave({
  processId,
  ready,
  dirty,
  rev,
  saveXml,
  onOtherTab,
}: {
  processId: string;
  ready: boolean;
  dirty: boolean;
  rev: number;
  saveXml: () => Promise<string>;
  onOtherTab: (draft: LocalDraft) => void;
}) {
  // When the diagram was last kept in the browser (null: not since the last deploy or load).
  const [keptAt, setKeptAt] = useState<string | null>(null);

  useEffect(() => {
    if (!ready || !dirty) return;
    let live = true;
    const timer = setTimeout(() => {
      saveXml()
        .then((xml) => {
          if (live && writeLocalDraft(processId, xml)) setKeptAt(new Date().toISOString());
        })
        .catch(() => undefined); // the next change tries again; deploy reports for real
    }, DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [processId, ready, dirty, rev, saveXml]);

  useEffect(() => watchOtherTabs(processId, onOtherTab), [processId, onOtherTab]);

  /** After a deploy: the server has it, the browser's copy goes. */
  const clear = (id: string = processId): void => {
    clearLocalDraft(id);
    setKeptAt(null);
  };
  return { keptAt, clear };
}
