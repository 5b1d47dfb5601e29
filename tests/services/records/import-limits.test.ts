// Import files are read under limits (engine/src/services/records/import-rows.ts): the row limit
// stops the reading before the rest of the workbook is unpacked, a workbook that unpacks beyond
// its budget is refused, each with a 413 and a stable code in both languages; limits come from the
// environment.
import { describe, expect, it } from 'vitest';
import { AppError } from '#engine/core/errors.ts';
import { importLimitsFromEnv, readImportRows } from '#engine/services/records/import-rows.ts';
import { buildXlsx } from '../../support/xlsx-fixtures.ts';

const refusal = async (promise: Promise<unknown>): Promise<AppError> => {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('not refused');
};

describe('import limits', () => {
  it('stops at the row limit before unpacking the rest of the workbook', async () => {
    // 20 000 rows unpack to ≈1.3 MB; reading stops after 101 rows, long before 256 KB.
    const file = await buildXlsx(['title', 'amount'], 20_000, (i) => [`claim ${i}`, i]);
    const limits = { maxRows: 100, maxUnpackedBytes: 256 * 1024, maxColumns: 50 };
    const e = await refusal(readImportRows(file, 'xlsx', limits));
    expect([e.status, e.code]).toEqual([413, 'IMPORT_TOO_MANY_ROWS']);
    expect(e.messageZh).toMatch(/一次最多导入 100 行/);
    const csv = Buffer.from(['title', ...Array.from({ length: 500 }, (_, i) => `r${i}`)].join('\n'));
    expect((await refusal(readImportRows(csv, 'csv', limits))).code).toBe('IMPORT_TOO_MANY_ROWS');
    expect(await readImportRows(csv, 'csv', { ...limits, maxRows: 500 })).toHaveLength(501);
  });

  it('refuses a workbook that unpacks beyond the budget (a zip bomb)', async () => {
    const bomb = await buildXlsx(['title'], 2, (i) => [`r${i}`], 64 * 1024 * 1024);
    const e = await refusal(
      readImportRows(bomb, 'xlsx', { maxRows: 10, maxUnpackedBytes: 8 << 20, maxColumns: 10 }),
    );
    expect([e.status, e.code]).toEqual([413, 'IMPORT_UNPACKS_TOO_LARGE']);
    expect(e.message).toMatch(/more than 8 MB/);
    const garbage = await refusal(readImportRows(Buffer.from('no zip'), 'xlsx', importLimitsFromEnv({})));
    expect([garbage.status, garbage.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
  });

  it('takes its limits from the environment', () => {
    expect(importLimitsFromEnv({ IMPORT_MAX_ROWS: '5000', IMPORT_MAX_UNPACKED_MB: '50' })).toMatchObject({
      maxRows: 5000,
      maxUnpackedBytes: 50 * 1048576,
    });
    expect(importLimitsFromEnv({ IMPORT_MAX_ROWS: 'lots' }).maxRows).toBe(100_000);
  });
});
