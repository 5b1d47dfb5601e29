// Form definitions through the service, in both run modes: draft → publish → versions → deprecate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '#engine/core/errors.ts';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { at, claimData, expenseClaim } from '#tests/core/forms/fixtures.ts';
import {
  admin,
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
} from '../records/support.ts';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe.each(MODES)('form definitions (%s)', (mode) => {
  let opened: OpenedStore;
  let s: Services;
  const ana = formsActor(analyst);

  beforeAll(async () => {
    opened = await openStore(mode, 'forms');
    s = await services(opened.store);
  });
  afterAll(async () => opened.cleanup());

  it('saves an incomplete draft, refuses to publish it with every problem located, publishes once fixed', async () => {
    const draft = expenseClaim({ id: 'claim-a' });
    delete draft.labels!['lines.amount'];
    at(draft.schema, 'properties', 'total').format = 'currency';
    const saved = await s.forms.saveDraft(ana, draft);
    expect(saved).toMatchObject({
      id: 'claim-a',
      status: 'draft',
      latestVersion: 0,
      currentVersion: 0,
      draftRev: 1,
    });
    const refused = await failure(s.forms.publish(ana, 'claim-a'));
    expect(refused.status).toBe(422);
    expect(refused.code).toBe('FORM_NOT_PUBLISHABLE');
    expect(refused.details.map((d) => d.path)).toEqual(['/schema/properties/total/format']);
    at(draft.schema, 'properties', 'total').format = 'money';
    await s.forms.saveDraft(ana, draft, 1);
    const again = await failure(s.forms.publish(ana, 'claim-a'));
    expect(again.details).toEqual([
      {
        path: '/labels/lines.amount',
        message: 'Field "lines.amount" needs a label in English and Chinese',
        messageZh: '字段“lines.amount”需要中英文标签',
      },
    ]);
    await s.forms.saveDraft(ana, expenseClaim({ id: 'claim-a' }), 2);
    const published = await s.forms.publish(ana, 'claim-a');
    expect(published.created).toBe(true);
    expect(published.version).toMatchObject({
      form: 'claim-a',
      version: 1,
      status: 'published',
      publishedBy: 'ana',
    });
    expect(published.definition.version).toBe(1);
    expect(s.audit.entries.map((e) => e.action)).toEqual([
      'form.create',
      'form.update',
      'form.update',
      'form.publish',
    ]);
  });

  it('publishing unchanged content creates no version; a change creates the next', async () => {
    const same = await s.forms.publish(ana, 'claim-a');
    expect(same.created).toBe(false);
    expect(same.version.version).toBe(1);
    const changed = expenseClaim({ id: 'claim-a', name: { en: 'Expense claim v2', 'zh-CN': '费用报销 2' } });
    const { draft } = { draft: await s.forms.getDraft(ana, 'claim-a') };
    await s.forms.saveDraft(ana, changed, draft.summary.draftRev);
    const v2 = await s.forms.publish(ana, 'claim-a');
    expect(v2.version.version).toBe(2);
    expect((await s.forms.listVersions(ana, 'claim-a')).map((v) => v.version)).toEqual([2, 1]);
    expect((await s.forms.getVersion(ana, 'claim-a', 1)).name.en).toBe('Expense claim');
    expect((await s.forms.getVersion(ana, 'claim-a', 'current')).name.en).toBe('Expense claim v2');
    const list = await s.forms.list(ana, { module: 'finance' });
    expect(list.find((f) => f.id === 'claim-a')).toMatchObject({
      latestVersion: 2,
      currentVersion: 2,
      hasUnpublishedChanges: false,
    });
  });

  it('compiles each version once per process and serves it from the cache', async () => {
    const before = s.forms.compiler.compilations;
    const a = await s.forms.compiled('claim-a', 1);
    const b = await s.forms.compiled('claim-a', 1);
    expect(b).toBe(a);
    expect(s.forms.compiler.compilations - before).toBeLessThanOrEqual(1);
  });

  it('deprecating a version makes new records use the previous one; deprecating all stops new records', async () => {
    await s.forms.deprecate(ana, 'claim-a', 2);
    expect((await s.forms.current('claim-a')).version).toBe(1);
    const summary = await s.forms.deprecate(ana, 'claim-a');
    expect(summary).toMatchObject({ status: 'deprecated', currentVersion: 0, latestVersion: 2 });
    const e = await failure(s.records.create(on(admin, 'claim-a', 'create'), 'claim-a', claimData()));
    expect([e.status, e.code]).toEqual([409, 'FORM_DEPRECATED']);
    expect((await s.forms.listVersions(ana, 'claim-a')).map((v) => v.status)).toEqual([
      'deprecated',
      'deprecated',
    ]);
  });

  it('conflicts: a stale draft revision, an existing id, another module', async () => {
    const stale = await failure(s.forms.saveDraft(ana, expenseClaim({ id: 'claim-a' }), 1));
    expect([stale.status, stale.code]).toEqual([409, 'FORM_REVISION_CONFLICT']);
    const exists = await failure(s.forms.saveDraft(ana, expenseClaim({ id: 'claim-a' })));
    expect(exists.code).toBe('FORM_EXISTS');
    const { summary } = await s.forms.getDraft(ana, 'claim-a');
    const moved = await failure(
      s.forms.saveDraft(ana, expenseClaim({ id: 'claim-a', module: 'hr' }), summary.draftRev),
    );
    expect(moved.code).toBe('FORM_MODULE_CHANGED');
  });

  it('a malformed draft is refused with paths; nobody without the right may save or look', async () => {
    const bad = await failure(
      s.forms.saveDraft(ana, { id: 'x', module: 'finance', name: { en: 'X' } } as FormDefinition),
    );
    expect([bad.status, bad.code]).toEqual([400, 'FORM_DEFINITION_INVALID']);
    expect(bad.details.map((d) => d.path)).toEqual(expect.arrayContaining(['/schema', '/name/zh-CN']));
    const nobody = await failure(
      s.forms.saveDraft(formsActor(employee('eve')), expenseClaim({ id: 'claim-e' })),
    );
    expect([nobody.status, nobody.code]).toEqual([403, 'FORBIDDEN']);
    const lookers = await failure(s.forms.list(formsActor(employee('eve'), 'read')));
    expect(lookers.status).toBe(403);
  });

  it('an analyst limited to one module sees and manages only that module', async () => {
    const hrAnalyst = principal(
      'hana',
      ['analyst'],
      [
        {
          resource: 'forms',
          actions: ['read', 'update'],
          rows: { type: 'feel', expression: 'row.module = "hr"' },
        },
      ],
    );
    const outOfScope = await failure(
      s.forms.saveDraft(formsActor(hrAnalyst), expenseClaim({ id: 'claim-f' })),
    );
    expect(outOfScope.code).toBe('ROW_OUT_OF_SCOPE');
    await s.forms.saveDraft(formsActor(hrAnalyst), expenseClaim({ id: 'leave', module: 'hr' }));
    expect((await s.forms.list(formsActor(hrAnalyst, 'read'))).map((f) => f.id)).toEqual(['leave']);
    const hidden = await failure(s.forms.getDraft(formsActor(hrAnalyst, 'read'), 'claim-a'));
    expect([hidden.status, hidden.code]).toEqual([404, 'FORM_NOT_FOUND']);
  });

  it('modules publish definitions idempotently (install twice = one version)', async () => {
    const def = expenseClaim({ id: 'claim-m' });
    const first = await s.forms.publishDefinition(ana, def);
    const second = await s.forms.publishDefinition(ana, structuredClone(def));
    expect([first.created, second.created, second.version.version]).toEqual([true, false, 1]);
    const upgraded = await s.forms.publishDefinition(ana, { ...def, titleField: undefined });
    expect([upgraded.created, upgraded.version.version]).toEqual([true, 2]);
  });

  it('localises a version for rjsf', async () => {
    const zh = await s.forms.localized(ana, 'claim-m', 1, 'zh-CN');
    expect(zh.version).toBe(1);
    expect(at(zh.schema, 'properties', 'total').title).toBe('合计');
  });
});
