// Import (dry run, commit, both policies, progress, rollback) and export (row rules, masks, audit,
// abnormal-export alert), in both run modes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '#engine/core/errors.ts';
import { parseCsv, writeCsv } from '#engine/core/tabular/csv.ts';
import { readXlsx, writeXlsx } from '#engine/core/tabular/xlsx.ts';
import { RECORD_IMPORTS } from '#engine/services/records/record-import.ts';
import { claimData, expenseClaim } from '#tests/core/forms/fixtures.ts';
import {
  analyst,
  employee,
  formsActor,
  MODES,
  on,
  openStore,
  principal,
  services,
  type OpenedStore,
  type Services,
} from './support.ts';

const FORM = 'expense-claim';
const carol = employee('carol');
const dave = employee('dave');
const finance = principal('fin', ['finance'], [{ resource: `record:${FORM}`, actions: ['read', 'export'] }]);
const csv = (rows: string[][]) => new TextEncoder().encode(writeCsv(rows));
const lines = (amount: string) => JSON.stringify([{ date: '2026-01-05', quantity: 1, unitPrice: amount }]);

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe.each(MODES)('import and export (%s)', (mode) => {
  let opened: OpenedStore;
  let s: Services;

  beforeAll(async () => {
    opened = await openStore(mode, 'impexp');
    s = await services(opened.store);
    await s.forms.publishDefinition(formsActor(analyst), expenseClaim());
  });
  afterAll(async () => opened.cleanup());

  const file = [
    ['标题', 'Category', 'phone', 'Lines', 'Payee city', 'Remarks'],
    ['Taxi', '差旅', '13812345678', lines('35.5'), 'Shenzhen', 'ignored'],
    ['Hotel', 'Meals', '1381234', lines('300'), 'Beijing', ''],
    ['', 'office', '', lines('-1'), '', ''],
    ['Lunch', 'taxi', '13900001111', 'not json', 'Wuhan', ''],
    ['Pens', 'office', '', lines('12'), 'Wuhan', ''],
  ];

  it('a dry run reports every problem with row, column and both languages, and writes nothing', async () => {
    const progress: number[] = [];
    const report = await s.importer.run(
      on(carol, FORM, 'create'),
      FORM,
      { fileName: 'claims.csv', content: csv(file) },
      {
        mode: 'dry-run',
        onProgress: (p) => progress.push(p.processed),
      },
    );
    expect(report).toMatchObject({
      status: 'checked',
      totalRows: 5,
      validRows: 2,
      invalidRows: 3,
      imported: 0,
      processed: 5,
    });
    expect(report.columns).toEqual([
      { header: '标题', field: 'title' },
      { header: 'Category', field: 'category' },
      { header: 'phone', field: 'phone' },
      { header: 'Lines', field: 'lines' },
      { header: 'Payee city', field: 'payee.city' },
      { header: 'Remarks' },
    ]);
    const byRow = report.problems.map((p) => [p.row, p.column, p.path]);
    expect(byRow).toEqual([
      [3, 'phone', '/phone'],
      [4, '标题', '/title'],
      [4, 'Lines', '/lines/0/unitPrice'],
      [5, 'Lines', '/lines'],
    ]);
    expect(report.problems[0]?.messageZh).toContain('手机号码');
    expect(report.problems[3]?.message).toBe('Lines: must be a JSON list of entries');
    expect(await s.records.count(on(carol, FORM, 'read'), FORM)).toBe(0);
    expect(progress).toEqual([]); // fewer rows than a progress step
  });

  it('all or nothing: a file with a bad row imports nothing', async () => {
    const report = await s.importer.run(
      on(carol, FORM, 'create'),
      FORM,
      { fileName: 'claims.csv', content: csv(file) },
      {
        mode: 'commit',
      },
    );
    expect(report).toMatchObject({ status: 'rejected', imported: 0 });
    expect(await s.records.count(on(carol, FORM, 'read'), FORM)).toBe(0);
  });

  it('valid rows only: imports the good rows as the importer’s records, with history and audit', async () => {
    const report = await s.importer.run(
      on(carol, FORM, 'create'),
      FORM,
      { fileName: 'claims.csv', content: csv(file) },
      {
        mode: 'commit',
        policy: 'valid-rows-only',
      },
    );
    expect(report).toMatchObject({ status: 'committed', imported: 2, invalidRows: 3 });
    const { items } = await s.records.list(on(carol, FORM, 'read'), FORM, { sort: [{ field: 'title' }] });
    expect(items.map((r) => [r.title, r.data.category, r.data.total, r.owner])).toEqual([
      ['Pens', 'office', '12.00', 'carol'],
      ['Taxi', 'travel', '35.50', 'carol'],
    ]);
    expect(items[1]?.data.phone).toBe('13812345678');
    const history = await s.records.history(on(carol, FORM, 'read'), FORM, items[0]!.id);
    expect(history.map((h) => h.action)).toEqual(['import']);
    expect(s.audit.entries.find((e) => e.action === 'record.import')?.details).toMatchObject({
      rows: 2,
      skipped: 3,
    });
    expect(await s.importer.get(on(carol, FORM, 'create'), report.id)).toMatchObject({ status: 'committed' });
    const other = await failure(s.importer.get(on(dave, FORM, 'create'), report.id));
    expect(other.status).toBe(404);
  });

  it('reads XLSX with typed cells and reports progress on larger files', async () => {
    // A form of its own, so the other tests' queries stay small on FerretDB (which scans).
    await s.forms.publishDefinition(formsActor(analyst), expenseClaim({ id: 'bulk-claim' }));
    const rows = Array.from({ length: 1200 }, (_, i) => [
      `Item ${i}`,
      'office',
      lines(`${(i % 50) + 1}.25`),
      i % 2 ? 'Wuhan' : 'Xi’an',
    ]);
    const content = await writeXlsx(
      'claims',
      ['Title', '类别', '明细', 'data.payee.city'].map((header) => ({ header })),
      rows,
    );
    const progress: Array<[string, number]> = [];
    const report = await s.importer.run(
      on(dave, 'bulk-claim', 'create'),
      'bulk-claim',
      { fileName: 'claims.xlsx', content },
      {
        mode: 'commit',
        onProgress: (p) => progress.push([p.phase, p.processed]),
      },
    );
    expect(report).toMatchObject({ status: 'committed', imported: 1200, invalidRows: 0 });
    expect(progress).toEqual([
      ['checking', 500],
      ['checking', 1000],
      ['writing', 500],
      ['writing', 1000],
      ['writing', 1200],
    ]);
    expect(
      await s.records.count(on(dave, 'bulk-claim', 'read'), 'bulk-claim', {
        where: { 'data.payee.city': 'Wuhan' },
      }),
    ).toBe(600);
  });

  it('reads GB18030 CSV (Excel on Chinese Windows) and refuses a malformed file with its row', async () => {
    const gbk = Buffer.from([0xb1, 0xea, 0xcc, 0xe2]); // 标题 in GB18030
    const content = Buffer.concat([
      gbk,
      Buffer.from(`,category,lines\r\nGBK row,office,"${lines('1').replace(/"/g, '""')}"\r\n`),
    ]);
    const report = await s.importer.run(
      on(dave, FORM, 'create'),
      FORM,
      { fileName: 'gbk.csv', content },
      { mode: 'dry-run' },
    );
    expect(report).toMatchObject({
      validRows: 1,
      columns: [
        { header: '标题', field: 'title' },
        { header: 'category', field: 'category' },
        { header: 'lines', field: 'lines' },
      ],
    });
    const broken = await failure(
      s.importer.run(
        on(dave, FORM, 'create'),
        FORM,
        { fileName: 'x.csv', content: new TextEncoder().encode('title\n"open') },
        { mode: 'dry-run' },
      ),
    );
    expect([broken.status, broken.code, broken.details[0]?.path]).toEqual([
      400,
      'IMPORT_FILE_INVALID',
      '/file/row/2',
    ]);
    const twice = await failure(
      s.importer.run(
        on(dave, FORM, 'create'),
        FORM,
        {
          fileName: 'x.csv',
          content: csv([
            ['title', '标题'],
            ['a', 'b'],
          ]),
        },
        { mode: 'dry-run' },
      ),
    );
    expect(twice.message).toMatch(/both fill "title"/);
  });

  it('rolls back a commit whose process died half-way', async () => {
    const col = s.records.collection(FORM);
    const before = await col.count({});
    // What a dead commit leaves behind: some rows with its import id and a silent heartbeat.
    await opened.store.collection(RECORD_IMPORTS).insert({
      id: 'dead-import',
      form: FORM,
      fileName: 'x.csv',
      format: 'csv',
      mode: 'commit',
      policy: 'all-or-nothing',
      status: 'running',
      totalRows: 2,
      validRows: 2,
      invalidRows: 0,
      imported: 0,
      processed: 1,
      problems: [],
      startedAt: '2026-01-05T09:00:00.000Z',
      by: 'dave',
      heartbeatAt: s.clock.now(),
    });
    const form = await s.forms.current(FORM);
    const orphan = s.records.newRecord(
      on(dave, FORM, 'create'),
      form,
      s.records.validate(form, claimData()).data,
      { importId: 'dead-import' },
    );
    await col.insert(orphan);
    expect(await s.importer.recoverInterrupted()).toBe(0); // still beating
    s.clock.advance(5 * 60_000);
    expect(await s.importer.recoverInterrupted()).toBe(1);
    expect(await col.count({})).toBe(before);
    expect(await opened.store.collection(RECORD_IMPORTS).get('dead-import')).toMatchObject({
      status: 'failed',
      error: 'interrupted; rolled back',
    });
  });

  it('exports what the exporter may read: their rows, masked fields masked, labels in their language', async () => {
    const res = await s.exporter.export(on(carol, FORM, 'export'), FORM, {
      format: 'csv',
      locale: 'zh-CN',
      query: { sort: [{ field: 'title' }] },
    });
    expect(res.contentType).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(res.body.toString('utf8'));
    expect(rows[0]?.slice(0, 4)).toEqual(['编号', '标题', '类别', '手机号码']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[3]])).toEqual([
      ['Pens', '办公', ''],
      ['Taxi', '差旅', '13812345678'], // carol owns it: clear
    ]);
    const fin = await s.exporter.export(on(finance, FORM, 'export'), FORM, {
      format: 'xlsx',
      query: { where: { 'data.category': 'travel' } },
    });
    const sheet = await readXlsx(fin.body);
    expect(sheet).toHaveLength(2);
    const header = sheet[0]!.cells;
    const phone = sheet[1]!.cells[header.indexOf('Phone')];
    expect(phone).toBe('138****5678');
    expect(sheet[1]!.cells[header.indexOf('Total')]).toBe(35.5);
    expect(s.audit.entries.filter((e) => e.action === 'record.export').map((e) => e.details?.rows)).toEqual([
      2, 1,
    ]);
  });

  it('an export round-trips through import', async () => {
    const res = await s.exporter.export(on(carol, FORM, 'export'), FORM, { format: 'csv', locale: 'en' });
    const report = await s.importer.run(
      on(carol, FORM, 'create'),
      FORM,
      { fileName: 'again.csv', content: res.body },
      { mode: 'dry-run' },
    );
    expect(report).toMatchObject({ totalRows: 2, validRows: 2, invalidRows: 0 });
  });

  it('alerts the admins once when a user exports more than the threshold within the window', async () => {
    const watched = await services(opened.store, s.cipher.keyring, {
      exportAlert: { rowThreshold: 2, windowMs: 3_600_000 },
    });
    for (const title of ['D1', 'D2'])
      await s.records.create(on(dave, FORM, 'create'), FORM, claimData({ title }));
    const daveExports = on(dave, FORM, 'export');
    expect((await watched.exporter.export(daveExports, FORM, { format: 'csv' })).rows).toBe(2);
    expect(watched.alerts.alerts).toEqual([]); // at the threshold, not over it
    await watched.exporter.export(daveExports, FORM, { format: 'csv', query: { q: 'd1' } });
    expect(watched.alerts.alerts).toHaveLength(1);
    expect(watched.alerts.alerts[0]).toMatchObject({
      code: 'ABNORMAL_EXPORT',
      userId: 'dave',
      rows: 3,
      threshold: 2,
    });
    expect(watched.alerts.alerts[0]?.messageZh).toContain('导出了 3 行');
    await watched.exporter.export(daveExports, FORM, { format: 'xlsx' });
    expect(watched.alerts.alerts).toHaveLength(1); // same window: no repeat
    expect(watched.audit.entries.some((e) => e.action === 'alert.abnormal-export')).toBe(true);
    await watched.exporter.export(on(carol, FORM, 'export'), FORM, { format: 'csv' });
    expect(watched.alerts.alerts).toHaveLength(1); // carol's own count stays at 2
    watched.clock.advance(2 * 3_600_000);
    await watched.exporter.export(daveExports, FORM, { format: 'csv' });
    expect(watched.alerts.alerts).toHaveLength(1);
    await watched.exporter.export(daveExports, FORM, { format: 'csv' });
    expect(watched.alerts.alerts).toHaveLength(2); // a new window, crossed again
  });

  it('refuses an export larger than the limit, and anyone without the export right', async () => {
    const small = await services(opened.store, s.cipher.keyring, { maxExportRows: 1 });
    const e = await failure(small.exporter.export(on(dave, FORM, 'export'), FORM, { format: 'csv' }));
    expect(e.code).toBe('EXPORT_TOO_LARGE');
    const noRight = principal('x', ['x'], [{ resource: `record:${FORM}`, actions: ['read'] }]);
    const denied = await failure(s.exporter.export(on(noRight, FORM, 'export'), FORM, { format: 'csv' }));
    expect(denied.status).toBe(403);
  });
});
