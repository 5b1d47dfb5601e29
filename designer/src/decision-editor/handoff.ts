// What the decision list hands to the editor page when it opens a table that is not deployed yet:
// a new table's name, or an imported file's XML (ui/handoff.ts).
import { sessionHandoff } from '../ui/handoff.ts';

export interface DecisionDraft {
  name?: string;
  xml?: string;
  fileName?: string;
}

const drafts = sessionHandoff<DecisionDraft>('forma.decision-draft:');

export const stashNewDecision = (decisionId: string, name: string): void => drafts.put(decisionId, { name });
export const stashImportedDecision = (decisionId: string, xml: string, fileName: string): void =>
  drafts.put(decisionId, { xml, fileName });
export const takeDecisionDraft = (decisionId: string): DecisionDraft | null => drafts.take(decisionId);
export const dropDecisionDraft = (decisionId: string): void => drafts.drop(decisionId);
