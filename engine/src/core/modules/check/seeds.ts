// seed/<name>.json: reference or demo records that fit their form (with ids used once), vouchers
// that balance, stock movements that are well formed, and demo requests (demo-requests.ts).
import type { ModuleEntry, ModuleSeed } from '#schemas/generated/index.ts';
import type { CompiledForm } from '../../forms/compiled-form.ts';
import { checkVoucher, type VoucherInput } from '../../ledger/voucher.ts';
import { checkStockPosting, type StockPostingInput } from '../../stock/posting.ts';
import type { ModuleDefinition } from '../definition.ts';
import type { ModuleCheck } from './context.ts';
import { checkDemoRequests } from './demo-requests.ts';

export function checkSeeds(
  check: ModuleCheck,
  files: string[],
  forms: ReadonlyMap<string, CompiledForm>,
  entries: readonly ModuleEntry[] = [],
): ModuleDefinition['seeds'] {
  const seeds: ModuleDefinition['seeds'] = [];
  for (const file of files) {
    const seed = check.json<ModuleSeed>(file);
    if (seed === undefined || !check.schema(file, 'seed', seed)) continue;
    if (seed.kind === 'demo-requests') {
      checkDemoRequests(check, file, seed, forms, entries);
      seeds.push({ ...seed, file });
      continue;
    }
    if (seed.records) {
      const form = seed.form ? forms.get(seed.form) : undefined;
      if (form)
        seed.records.forEach((r, i) => {
          for (const p of form.check(structuredClone(r.data)).errors)
            check.add(
              file,
              `/records/${i}/data${p.path}`,
              'SEED_INVALID',
              p.message,
              p.messageZh ?? p.message,
            );
        });
      // A document type of the module that is broken itself is reported there, not again here.
      else if (!seed.form || !check.formIds.has(seed.form))
        check.unknown(
          file,
          '/form',
          'UNKNOWN_FORM',
          'form in this module',
          '本模块中的表单',
          seed.form ?? '',
        );
      const ids = new Set<string>();
      seed.records.forEach((r, i) => {
        if (ids.has(r.id))
          check.add(
            file,
            `/records/${i}/id`,
            'SEED_DUPLICATE_ID',
            `id "${r.id}" is used twice`,
            `ID“${r.id}”重复`,
          );
        ids.add(r.id);
      });
    }
    (seed.vouchers ?? []).forEach((v, i) => {
      const checked = checkVoucher(v as unknown as VoucherInput);
      if ('problems' in checked)
        for (const p of checked.problems)
          check.add(file, `/vouchers/${i}${p.path}`, 'VOUCHER_INVALID', p.message, p.messageZh ?? p.message);
    });
    (seed.stock ?? []).forEach((m, i) => {
      const checked = checkStockPosting(m as StockPostingInput);
      if ('problems' in checked)
        for (const p of checked.problems)
          check.add(
            file,
            `/stock/${i}${p.path}`,
            'STOCK_POSTING_INVALID',
            p.message,
            p.messageZh ?? p.message,
          );
    });
    seeds.push({ ...seed, file });
  }
  return seeds;
}
