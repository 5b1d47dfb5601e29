// A flow's unsaved diagram kept in the browser (localStorage) while the analyst draws: a reload,
// a crash or a closed tab does not lose it, and the modeler opens it again instead of the deployed
// version. Deploying clears it. The server keeps only deployed versions, so this is the analyst's
// draft until then; it lives in this browser only.
//
// Two tabs editing the same flow write the same entry: the `storage` event tells each tab when the
// other one saved, so the modeler can warn that the last tab to save wins.

const KEY_PREFIX = 'forma:flow-draft:';

export interface LocalDraft {
  xml: string;
  /** When it was saved (ISO date and time). */
  savedAt: string;
  /** The tab that saved it (so a tab ignores its own writes). */
  tab: string;
}

/** This tab's id (the storage event fires in other tabs only, but a reload keeps the entry). */
export const TAB_ID = Math.random().toString(36).slice(2);

const keyOf = (processId: string): string => KEY_PREFIX + processId;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled (private mode, policy): the flow simply has no local draft
  }
}

export function readLocalDraft(processId: string): LocalDraft | null {
  const raw = storage()?.getItem(keyOf(processId));
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as Partial<LocalDraft>;
    return typeof draft.xml === 'string' && typeof draft.savedAt === 'string'
      ? { xml: draft.xml, savedAt: draft.savedAt, tab: String(draft.tab ?? '') }
      : null;
  } catch {
    return null;
  }
}

/** Saves the diagram; false when the browser refused (full or disabled storage). */
export function writeLocalDraft(processId: string, xml: string): boolean {
  const draft: LocalDraft = { xml, savedAt: new Date().toISOString(), tab: TAB_ID };
  try {
    storage()?.setItem(keyOf(processId), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function clearLocalDraft(processId: string): void {
  storage()?.removeItem(keyOf(processId));
}

/** Calls `onOther` when another tab saves a draft of this flow; returns the unsubscription. */
export function watchOtherTabs(processId: string, onOther: (draft: LocalDraft) => void): () => void {
  const listener = (event: StorageEvent): void => {
    if (event.key !== keyOf(processId) || event.newValue === null) return;
    const draft = readLocalDraft(processId);
    if (draft && draft.tab !== TAB_ID) onOther(draft);
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}

/** The process ids of every flow with a draft kept in this browser (not deployed yet, perhaps). */
export function localDraftIds(): string[] {
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  })();
  if (!storage) return [];
  const ids: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(KEY_PREFIX)) ids.push(key.slice(KEY_PREFIX.length));
  }
  return ids;
}
