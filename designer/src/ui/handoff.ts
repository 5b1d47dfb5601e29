// What a list page hands to an editor page it opens on something not deployed yet (the flows list
// to the modeler, the decisions list to the decision editor): a new item's name, or an imported
// file's XML. A name comes in both languages when the list page asks for both (a new flow:
// `nameZh` becomes its `forma:nameZh`). Kept in sessionStorage under a key per item, so it survives a reload of the editor
// page but not the browser tab. With storage disabled nothing is handed over, and the editor
// starts from its template with the id as the name.
export interface EditorDraft {
  name?: string;
  /** The Chinese name, when the list page asked for one. */
  nameZh?: string;
  xml?: string;
  fileName?: string;
}

export interface EditorDrafts {
  stashNew(id: string, name: string, nameZh?: string): void;
  stashImport(id: string, xml: string, fileName: string): void;
  /** What was handed over for `id`, or null. */
  take(id: string): EditorDraft | null;
  drop(id: string): void;
}

export function editorDrafts(prefix: string): EditorDrafts {
  const put = (id: string, draft: EditorDraft): void => {
    try {
      sessionStorage.setItem(prefix + id, JSON.stringify(draft));
    } catch {
      // Storage disabled: nothing is handed over.
    }
  };
  return {
    stashNew: (id, name, nameZh) => put(id, nameZh ? { name, nameZh } : { name }),
    stashImport: (id, xml, fileName) => put(id, { xml, fileName }),
    take(id) {
      try {
        const text = sessionStorage.getItem(prefix + id);
        return text ? (JSON.parse(text) as EditorDraft) : null;
      } catch {
        return null;
      }
    },
    drop(id) {
      try {
        sessionStorage.removeItem(prefix + id);
      } catch {
        // nothing to drop
      }
    },
  };
}
