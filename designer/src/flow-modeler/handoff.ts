// What the flows list hands to the modeler page when it opens a flow that is not deployed yet: a new
// flow's name, or an imported file's XML (sessionStorage: survives a reload of the modeler page,
// not the browser tab).
const KEY = 'forma.flow-draft:';

export interface FlowDraft {
  name?: string;
  xml?: string;
  fileName?: string;
}

function put(processId: string, draft: FlowDraft): void {
  try {
    sessionStorage.setItem(KEY + processId, JSON.stringify(draft));
  } catch {
    // Storage disabled: the modeler starts from the template with the id as its name.
  }
}

export const stashNewFlow = (processId: string, name: string): void => put(processId, { name });
export const stashImport = (processId: string, xml: string, fileName: string): void =>
  put(processId, { xml, fileName });

export function takeDraft(processId: string): FlowDraft | null {
  try {
    const text = sessionStorage.getItem(KEY + processId);
    return text ? (JSON.parse(text) as FlowDraft) : null;
  } catch {
    return null;
  }
}

export function dropDraft(processId: string): void {
  try {
    sessionStorage.removeItem(KEY + processId);
  } catch {
    // nothing to drop
  }
}
