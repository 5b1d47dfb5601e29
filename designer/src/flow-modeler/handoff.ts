// What the flows list hands to the modeler page when it opens a flow that is not deployed yet: a new
// flow's name, or an imported file's XML (ui/handoff.ts).
import { sessionHandoff } from '../ui/handoff.ts';

export interface FlowDraft {
  name?: string;
  xml?: string;
  fileName?: string;
}

const drafts = sessionHandoff<FlowDraft>('forma.flow-draft:');

export const stashNewFlow = (processId: string, name: string): void => drafts.put(processId, { name });
export const stashImport = (processId: string, xml: string, fileName: string): void =>
  drafts.put(processId, { xml, fileName });
export const takeDraft = (processId: string): FlowDraft | null => drafts.take(processId);
export const dropDraft = (processId: string): void => drafts.drop(processId);
