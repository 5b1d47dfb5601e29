// What the decision list hands to the editor page when it opens a table that is not deployed yet:
// a new table's name, or an imported file's XML (ui/handoff.ts).
import { editorDrafts } from '../ui/handoff.ts';

export const {
  stashNew: stashNewDecision,
  stashImport: stashImportedDecision,
  take: takeDecisionDraft,
  drop: dropDecisionDraft,
} = editorDrafts('forma.decision-draft:');
