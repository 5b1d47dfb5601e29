// The demo company's business modules (`npm start -- --demo`): each one installed, enabled and
// filled with its demo data, so that a new user sees a living module — claims, budgets, invoices,
// vouchers, bank lines, reports with numbers. Idempotent: a module already installed only gets
// the demo data it is missing; a module an admin disabled stays disabled.
import { SYSTEM } from '../audit/context.ts';
import type { ModuleService } from './module-service.ts';

export const DEMO_MODULES = ['finance'] as const;

export async function installDemoModules(
  modules: ModuleService,
  log: { info(obj: unknown, msg: string): void; warn(obj: unknown, msg: string): void },
): Promise<void> {
  for (const id of DEMO_MODULES) {
    const current = await modules.get(id).catch(() => null);
    if (!current) {
      log.warn({ module: id }, `demo: module ${id} is not in the modules folder`);
      continue;
    }
    if (current.status === 'broken') {
      log.warn(
        { module: id, problems: current.problems.length },
        `demo: module ${id} is broken; not installed`,
      );
      continue;
    }
    if (!current.installed) {
      await modules.install(id, SYSTEM, { enable: true, demo: true });
      log.info({ module: id }, `demo: module ${id} installed with its demo data`);
    } else {
      const created = await modules.seedDemo(id, SYSTEM);
      if (created) log.info({ module: id, created }, `demo: module ${id} got its missing demo data`);
    }
  }
}
