// A chart of accounts is a module's form: each record has `code` and `type` (asset, liability,
// equity, revenue, expense), optionally `name`, `nameZh`, `cash` (a cash or bank account) and
// `active`. Posting looks the accounts up here and copies what reports need onto the lines.
import type { RecordService } from '../records/record-service.ts';
import type { AccountInfo } from './ledger-service.ts';

export async function chartAccounts(
  records: RecordService,
  chartForm: string,
  codes: readonly string[],
): Promise<Map<string, AccountInfo>> {
  const unique = [...new Set(codes)];
  const out = new Map<string, AccountInfo>();
  if (unique.length === 0) return out;
  const { items } = await records
    .collection(chartForm)
    .find({ 'data.code': { $in: unique }, deleted: false });
  for (const r of items) {
    const d = r.data as Record<string, unknown>;
    out.set(String(d.code), {
      ...(typeof d.type === 'string' ? { type: d.type } : {}),
      ...(d.cash === true ? { cash: true } : {}),
      ...(typeof d.name === 'string' ? { name: d.name } : {}),
      ...(typeof d.nameZh === 'string' ? { nameZh: d.nameZh } : {}),
      ...(d.active === false ? { active: false } : {}),
    });
  }
  return out;
}
