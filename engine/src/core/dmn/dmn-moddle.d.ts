// dmn-moddle ships no types; this is the part the DMN compiler uses.
declare module 'dmn-moddle' {
  export interface ParseResult {
    rootElement: unknown;
    warnings: Array<{ message: string }>;
    references: unknown[];
    elementsById: Record<string, unknown>;
  }
  export class DmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
}
