// seed/<name>.json of kind 'demo-requests': requests the demo company's people submit through a
// catalogue entry of the module, some approved up to a step. Checked here so that a demo start
// never fails half-way: the entry is the module's, each request's data fits the entry's form, ids
// are used once, and the steps to approve are user tasks of the entry's flow.
import type { ModuleEntry, ModuleSeed } from '#schemas/generated/index.ts';
import type { CompiledForm } from '../../forms/compiled-form.ts';
import type { ModuleCheck } from './context.ts';

export function checkDemoRequests(
  check: ModuleCheck,
  file: string,
  seed: ModuleSeed,
  forms: ReadonlyMap<string, CompiledForm>,
  entries: readonly ModuleEntry[],
): void {
  if (seed.form !== undefined || seed.records !== undefined || seed.vouchers !== undefined)
    check.add(
      file,
      '',
      'SEED_KIND_MISMATCH',
      'demo requests have `entry` and `requests`, not records or vouchers',
      '演示申请应包含 `entry` 与 `requests`，而非记录或凭证',
    );
  if (!seed.entry || !seed.requests) {
    check.add(
      file,
      seed.entry ? '/requests' : '/entry',
      'SEED_INCOMPLETE',
      `demo requests need ${seed.entry ? '`requests`' : '`entry`'}`,
      `演示申请缺少 ${seed.entry ? '`requests`' : '`entry`'}`,
    );
    return;
  }
  const entry = entries.find((e) => e.id === seed.entry);
  if (!entry) {
    check.unknown(
      file,
      '/entry',
      'UNKNOWN_ENTRY',
      'catalogue entry of this module',
      '本模块的申请入口',
      seed.entry,
    );
    return;
  }
  const form = forms.get(entry.form);
  const steps = entry.flow ? check.userTasks.get(entry.flow) : undefined;
  const ids = new Set<string>();
  seed.requests.forEach((r, i) => {
    const at = `/requests/${i}`;
    if (ids.has(r.id))
      check.add(file, `${at}/id`, 'SEED_DUPLICATE_ID', `id "${r.id}" is used twice`, `ID“${r.id}”重复`);
    ids.add(r.id);
    if (form)
      for (const p of form.check(structuredClone(r.data)).errors)
        check.add(file, `${at}/data${p.path}`, 'SEED_INVALID', p.message, p.messageZh ?? p.message);
    (r.approve ?? []).forEach((a, k) => {
      const step = typeof a === 'string' ? a : a.step;
      if (!entry.flow)
        check.add(
          file,
          `${at}/approve/${k}`,
          'SEED_NO_FLOW',
          `entry "${entry.id}" starts no flow: there is no step to approve`,
          `入口“${entry.id}”不启动流程，没有可审批的步骤`,
        );
      // The flow's own file reports a broken flow; only a step it does not have is reported here.
      else if (steps && !steps.has(step))
        check.unknown(
          file,
          `${at}/approve/${k}`,
          'UNKNOWN_STEP',
          `user task of flow ${entry.flow}`,
          `流程 ${entry.flow} 的用户任务`,
          step,
        );
    });
  });
}
