// What the flows list hands to the modeler page when it opens a flow that is not deployed yet: a new
// flow's name, or an imported file's XML (ui/handoff.ts).
import { editorDrafts } from '../ui/handoff.ts';

export const {
  stashNew: stashNewFlow,
  stashImport,
  take: takeDraft,
  drop: dropDraft,
} = editorDrafts('forma.flow-draft:');
