// How a module names what it defines (pure). One convention for everything — forms (document
// types), processes, rules, automations, reports, dashboards and catalogue entries: the module
// id, a dash, and the name of the file or folder that defines it (module 'shop': document type
// 'shop-order', report 'shop-sales-by-month'). Dashes, not dots, because the ids with the most
// data behind them (forms: their records' collections, vouchers' sources, flow variables) always
// had dashes.
//
// Module format 1 named reports, dashboards, automations and catalogue entries '<module>.<name>'.
// Data stored by then still mentions those ids (role grants, drafts, automation runs, links in
// notifications, headers in deployed BPMN versions); `currentId` reads them as today's id.

/** The id of a thing named `name` in module `module`. */
export function moduleItemId(module: string, name: string): string {
  return `${module}-${name}`;
}

const FORMAT_1_ID = /^([a-z][a-z0-9-]{0,31})\.([a-z0-9][a-z0-9-]*)$/;

/** Today's id of an id written by module format 1 ('shop.sales-by-month'); null for any other. */
export function currentId(id: string): string | null {
  const m = FORMAT_1_ID.exec(id);
  return m ? moduleItemId(m[1]!, m[2]!) : null;
}

/** Whether `id` is one module format 1 gave a thing of module `module`. */
export function isFormat1IdOf(module: string, id: string): boolean {
  return id.startsWith(`${module}.`) && currentId(id) !== null;
}
