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
  // The change (`rev`) last kept in the browser (null: none since the last deploy or load).
  const [keptRev, setKeptRev] = useState<number | null>(null);

  useEffect(() => {
    if (!ready || !dirty) return;
    let live = true;
    const timer = setTimeout(() => {
      saveXml()
        .then((xml) => {
          if (live && writeLocalDraft(processId, xml)) setKeptRev(rev);
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
    setKeptRev(null);
  };
  /** Whether the latest change is kept (a change after it is not, until the next autosave). */
  const kept = keptRev === rev;
  return { kept, clear };
}
