// bpmn-moddle 10 ships types that its package "exports" map does not expose to TypeScript's
// Bundler resolution; this is the part the compiler uses.
declare module 'bpmn-moddle' {
  export interface ParseResult {
    rootElement: unknown;
    warnings: Array<{ message: string }>;
    references: unknown[];
    elementsById: Record<string, unknown>;
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
}
