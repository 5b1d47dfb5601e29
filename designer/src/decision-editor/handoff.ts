// What the decision list hands to the editor page when it opens a table that is not deployed yet:
// a new table's name, or an imported file's XML (sessionStorage: survives a reload of the editor
// page, not the browser tab).
const KEY = 'forma.decision-draft:';

export interface DecisionDraft {
  name?: string;
  xml?: string;
  fileName?: string;
}

function put(decisionId: string, draft: DecisionDraft): void {
  try {
    sessionStorage.setItem(KEY + decisionId, JSON.stringify(draft));
  } catch {
    // Storage disabled: the editor starts from the template with the id as its name.
  }
}

export const stashNewDecision = (decisionId: string, name: string): void => put(decisionId, { name });
export const stashImportedDecision = (decisionId: string, xml: string, fileName: string): void =>
  put(decisionId, { xml, fileName });

export function takeDecisionDraft(decisionId: string): DecisionDraft | null {
  try {
    const text = sessionStorage.getItem(KEY + decisionId);
    return text ? (JSON.parse(text) as DecisionDraft) : null;
  } catch {
    return null;
  }
}

export function dropDecisionDraft(decisionId: string): void {
  try {
    sessionStorage.removeItem(KEY + decisionId);
  } catch {
    // nothing to drop
  }
}
