// Packages without type declarations that the designer imports (bpmn-io modules are didi modules).
declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';
  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export const ZeebePropertiesProviderModule: ModuleDeclaration;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  import type { ModuleDeclaration } from 'didi';
  const behaviors: ModuleDeclaration;
  export default behaviors;
}

declare module 'dmn-js/lib/Modeler' {
  /** dmn-js's editor of a DMN file: one view per decision (table, literal expression) and the DRD. */
  export default class DmnModeler {
    constructor(options: Record<string, unknown>);
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): Array<{ id: string; name?: string; type: string; element: unknown }>;
    getActiveView(): { id: string; name?: string; type: string; element: unknown } | null;
    getActiveViewer(): unknown;
    open(view: unknown): Promise<unknown>;
    on<E = unknown>(event: string, callback: (event: E) => void): void;
    destroy(): void;
  }
}

declare module 'dmn-js/lib/Viewer' {
  export { default } from 'dmn-js/lib/Modeler';
}
