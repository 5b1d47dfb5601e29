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

declare module 'bpmn-moddle' {
  interface BpmnModdle {
    create(type: string, attrs?: Record<string, unknown>): Record<string, unknown> & { $type: string };
    toXML(element: unknown, options?: { format?: boolean }): Promise<{ xml: string }>;
  }
}
