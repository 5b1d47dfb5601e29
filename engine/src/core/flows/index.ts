// The flow engine's pure core: compile BPMN to a model, step instances through it.
export { compileBpmn, type CompileLookups, type CompileResult } from './compile.ts';
export type * from './model.ts';
export { MODEL_FORMAT, isActivity } from './model.ts';
export type { BpmnProblem } from './problems.ts';
export * from './instance.ts';
export type * from './events.ts';
export { step, type StepResult, type StepOptions } from './step.ts';
export type {
  StepContext,
  AssignTaskHook,
  AssignmentDecision,
  AssignmentInput,
  InnerInstanceHook,
  InnerInstanceCompleted,
} from './step-context.ts';
export { flowErrors, checkVariables } from './errors.ts';
export { feelFunction } from './feel-scope.ts';
export { visibleVariables } from './variables.ts';
