// The demo company's business modules (`npm start -- --demo`): each module whose manifest says
// `installInDemo` is installed, enabled and filled with its demo data, so that a new user sees a
// living module — claims, budgets, invoices, vouchers, bank lines, reports with numbers. Modules
// without it (the example of docs/modules.md) wait for an admin. Idempotent: a module already
// installed only gets the demo data it is missing; a module an admin disabled stays disabled.
import { dependencyOrder } from '#engine/core/modules/order.ts';
import { SYSTEM } from '#engine/core/actor.ts';
import type { ModuleService } from './module-service.ts';

/** The modules the demo installs, dependencies first. */
export async function demoModules(modules: ModuleService): Promise<string[]> {
  await modules.scanned();
  const wanted = (await modules.list())
    .map((m) => modules.definition(m.id)?.manifest)
    .filter((m) => m?.installInDemo === true)
    .map((m) => ({ id: m!.id, version: m!.version, depends: m!.depends ?? [] }));
  return dependencyOrder(wanted).order;
}

export async function installDemoModules(
  modules: ModuleService,
  log: { info(obj: unknown, msg: string): void; warn(obj: unknown, msg: string): void },
): Promise<void> {
  // A broken module has no definition to read `installInDemo` from: say so rather than skip it silently.
  for (const broken of (await modules.list()).filter((m) => m.status === 'broken'))
    log.warn(
      { module: broken.id, problems: broken.problems.length },
      `demo: module ${broken.id} is broken; not installed`,
    );
  for (const id of await demoModules(modules)) {
    const current = await modules.get(id);
    if (!current.installed) {
      await modules.install(id, SYSTEM, { enable: true, demo: true });
      log.info({ module: id }, `demo: module ${id} installed with its demo data`);
    } else {
      const created = await modules.seedDemo(id, SYSTEM);
      if (created) log.info({ module: id, created }, `demo: module ${id} got its missing demo data`);
    }
  }
}
