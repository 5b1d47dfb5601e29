// The portal's request forms (designer/src/portal/form-runtime.tsx) on the finance module's real
// expense claim: the browser's validator and the server's agree on what is wrong and where, in both
// languages; file fields become uploads and computed fields read-only; what a requester does not
// supply (read-only fields) is left out of a submission; computed totals match the server's; the
// server's problems land at their fields; the validators the server compiles for the request page
// say exactly what the ones compiled in the browser say.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { approvalModelProblems } from '#engine/core/approvals/settings.ts';
import { FormCompiler } from '#engine/core/forms/compiled-form.ts';
import { localizeForm } from '#engine/core/forms/localize.ts';
import { checkModule } from '#engine/core/modules/check.ts';
import { SYSTEM_ROLES } from '#engine/services/identity/system-roles.ts';
import { readModuleFolder } from '#engine/services/modules/loader.ts';
import { defaultActions } from '#workers/actions/index.ts';
import { PLATFORM_REPORT_SOURCES } from '#platform/services.ts';
import { withoutReadOnly, withPortalWidgets } from '#designer/portal/form-logic.ts';
import { compiledForm, errorSchemaOf, withComputed } from '#designer/ui/rjsf/server-checks.ts';
import { fileHref, fileSize } from '#designer/portal/file-links.ts';
import { validatorFor } from '#designer/ui/rjsf/validation.ts';
import { loadPrecompiled } from '#designer/ui/rjsf/precompiled.ts';
import { precompiledForm } from '#designer/portal/request-checks.ts';
import { hiddenFieldsRemoved } from '#engine/core/forms/hidden-fields.ts';
import { nativeSafePattern, validatorModule } from '#engine/core/forms/validator-module.ts';

type Json = Record<string, unknown>;

let claim: FormDefinition;
beforeAll(async () => {
  const files = readModuleFolder(join(import.meta.dirname, '..', '..', 'modules'), 'finance');
  const checked = await checkModule(files, {
    knownActions: defaultActions().names(),
    reportCollections: new Set(Object.keys(PLATFORM_REPORT_SOURCES)),
    knownRoles: new Set(SYSTEM_ROLES.map((r) => r.id)),
    checkModel: approvalModelProblems,
  });
  expect(checked.problems).toEqual([]);
  claim = { ...checked.module!.forms.find((f) => f.id === 'finance-expense-claim')!, version: 1 };
});

const line = (patch: Json = {}): Json => ({
  date: '2026-03-02',
  category: 'travel',
  amount: '120.00',
  ...patch,
});
const good = (patch: Json = {}): Json => ({
  title: 'Trip to Hangzhou',
  date: '2026-03-03',
  lines: [line()],
  ...patch,
});

/** The data pointers rjsf's validator (the browser's, before submitting) finds wrong. */
function browserProblems(data: Json, locale: 'en' | 'zh-CN' = 'en'): string[] {
  const { schema } = localizeForm(claim, locale);
  const { errors } = validatorFor(locale).validateFormData(data, schema as never);
  // rjsf names a field '.lines.0.amount' (or 'title' for a missing one); the server '/lines/0/amount'.
  const pointer = (property = '') => `/${property.replace(/^\./, '').replace(/\./g, '/')}`;
  return [...new Set(errors.map((e) => pointer(e.property)))].sort();
}

/** The data pointers the server's check finds wrong. */
function serverProblems(data: Json): string[] {
  const { errors } = new FormCompiler().compile(claim).check(data);
  return [...new Set(errors.map((e) => e.path))].sort();
}

describe('portal request forms: the browser checks as the server does', () => {
  const cases: Array<[string, Json]> = [
    ['a valid claim', good()],
    ['a missing title', good({ title: undefined })],
    ['a title too short', good({ title: 'T' })],
    ['an amount with three decimals', good({ lines: [line({ amount: '12.345' })] })],
    ['an amount of zero', good({ lines: [line({ amount: '0' })] })],
    ['an amount above the maximum', good({ lines: [line({ amount: '1000000.01' })] })],
    ['a category not offered', good({ lines: [line({ category: 'party' })] })],
    ['a date that does not exist', good({ date: '2026-02-30' })],
    ['an attachment that is not an uploaded file', good({ lines: [line({ attachment: 'C:/receipt.png' })] })],
    ['no lines', good({ lines: [] })],
    ['a line without an amount', good({ lines: [line({ amount: undefined })] })],
  ];

  it.each(cases)('%s: the same fields are wrong in the browser and on the server', (_name, raw) => {
    const data = JSON.parse(JSON.stringify(raw)) as Json; // drops the undefined fields
    expect(browserProblems(data)).toEqual(serverProblems(data));
  });

  it('says what is wrong in the user’s language, naming the field', () => {
    const zh = validatorFor('zh-CN').validateFormData(
      good({ lines: [line({ amount: '12.345' })] }),
      localizeForm(claim, 'zh-CN').schema as never,
    );
    expect(zh.errors.map((e) => e.message)).toEqual(['不是有效的金额（如 1234.50）']);
    const server = new FormCompiler().compile(claim).check(good({ lines: [line({ amount: '12.345' })] }));
    expect(server.errors).toEqual([expect.objectContaining({ path: '/lines/0/amount' })]);
    expect(server.errors[0]!.messageZh).toMatch(/[\u4e00-\u9fff]/);
  });
});

/** The server's validator module for the claim as the portal shapes it, loaded as the page loads it. */
async function precompiledFor(locale: 'en' | 'zh-CN', schema: Json, hidden: string[]) {
  const { code, linear } = await validatorModule(schema, hidden);
  const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
  return { linear, ...(await loadPrecompiled(url, hiddenFieldsRemoved(schema, hidden) as never, locale)) };
}

const rjsfErrors = (result: { errors: Array<{ property?: string; message?: string; name?: string }> }) =>
  result.errors.map((e) => [e.property, e.name, e.message]);

describe('portal request forms: validators compiled on the server', () => {
  const hidden = ['paidOn', 'paymentStatus'];
  const samples: Json[] = [
    good(),
    good({ title: 'T', date: '2026-02-30' }),
    good({ lines: [line({ amount: '12.345', category: 'party', attachment: 'C:/x.png' })] }),
    good({ lines: [], period: '2026-13' }),
    good({ lines: [line({ amount: '0' }), line({ amount: '1000000.01' })] }),
    { title: 7, lines: 'none' },
  ];

  it.each(['en', 'zh-CN'] as const)(
    'say in %s exactly what the validator compiled in the browser says, at the same fields',
    async (locale) => {
      const schema = localizeForm(claim, locale).schema as Json;
      const shaped = hiddenFieldsRemoved(schema, hidden) as never;
      const { validator, linear } = await precompiledFor(locale, schema, hidden);
      expect(linear).toBe(false); // the claim's one pattern runs on the browser's RegExp
      for (const raw of samples) {
        const data = JSON.parse(JSON.stringify(raw)) as Json;
        const here = validator.validateFormData(data, shaped, undefined, undefined, undefined);
        const compiledHere = validatorFor(locale).validateFormData(data, shaped);
        expect(rjsfErrors(here)).toEqual(rjsfErrors(compiledHere));
        expect(validator.isValid(shaped, data, shaped)).toBe(compiledHere.errors.length === 0);
      }
      expect(rjsfErrors(validator.validateFormData(samples[1], shaped)).length).toBeGreaterThan(0);
    },
  );

  it("give the server's own checks in the browser the same problems and prepared data", async () => {
    const schema = localizeForm(claim, 'en').schema as Json;
    const { validateFull } = await precompiledFor('en', schema, hidden);
    const browser = precompiledForm(claim, validateFull);
    const server = new FormCompiler().compile(claim);
    for (const raw of samples) {
      const data = JSON.parse(JSON.stringify(raw)) as Json;
      expect(browser.check(data)).toEqual(server.check(data));
    }
    expect(browser.check(samples[2]).errors.map((e) => e.path)).toContain('/lines/0/amount');
  });

  it('run a pattern on re2js when the browser’s RegExp would match differently', async () => {
    const schema = {
      type: 'object',
      properties: {
        code: { type: 'string', title: 'Code', pattern: '^\\s$' },
        ref: { type: 'string', title: 'Ref', pattern: '^[A-Z]{2}-[0-9]{4}$' },
      },
    };
    const { validator, linear } = await precompiledFor('en', schema, []);
    expect(linear).toBe(true);
    const shaped = hiddenFieldsRemoved(schema, []) as never;
    // JavaScript's \s matches a no-break space, RE2's does not: the server refuses it, and so does the page.
    for (const code of ['\u00a0', ' ', 'x']) {
      const compiledHere = validatorFor('en').validateFormData({ code }, shaped);
      expect(rjsfErrors(validator.validateFormData({ code }, shaped))).toEqual(rjsfErrors(compiledHere));
    }
    expect(validator.validateFormData({ code: '\u00a0' }, shaped).errors).toHaveLength(1);
    expect(validator.validateFormData({ ref: 'AB-12' }, shaped).errors).toHaveLength(1);
  });

  it('judge which patterns the browser’s RegExp runs as RE2 does', () => {
    for (const safe of ['^[0-9]{4}-(0[1-9]|1[0-2])$', '^[A-Z]{2}\\d+$', '^(?:ab|cd)*\\.x$', '[.\\-]'])
      expect(nativeSafePattern(safe), safe).toBe(true);
    for (const unsafe of ['^a.b$', '\\s', '(?<y>\\d)', '[\\b]', '\\p{L}', '\\-', '(?=a)', '\\u00e9'])
      expect(nativeSafePattern(unsafe), unsafe).toBe(false);
  });
});

describe('portal request forms: rendering and submitting', () => {
  it('turns file fields into uploads and computed fields read-only, keeping what the module set', () => {
    const { schema, uiSchema } = localizeForm(claim, 'en');
    const ui = withPortalWidgets(schema as never, uiSchema as never, claim) as Json;
    const items = (ui.lines as Json).items as Json;
    expect((items.attachment as Json)['ui:widget']).toBe('fileUpload');
    expect((ui.total as Json)['ui:readonly']).toBe(true);
    expect((ui.period as Json)['ui:readonly']).toBe(true);
    expect(ui['ui:order']).toEqual(claim.uiSchema!['ui:order']);
    expect((items.category as Json)['ui:widget']).toBeUndefined();
    // The definition's own uiSchema is not changed.
    expect(((claim.uiSchema!.lines as Json).items as Json).attachment).toEqual({});
  });

  it('leaves out what the requester does not supply, at any depth', () => {
    const ui = { total: { 'ui:readonly': true }, lines: { items: { note: { 'ui:readonly': true } } } };
    expect(
      withoutReadOnly(ui as never, {
        title: 'x',
        total: '5.00',
        lines: [{ amount: '5.00', note: 'n' }, { amount: '1.00' }],
      }),
    ).toEqual({ title: 'x', lines: [{ amount: '5.00' }, { amount: '1.00' }] });
    // On the real claim: the totals and the payment fields finance fills in later.
    const { uiSchema } = localizeForm(claim, 'en');
    const sent = withoutReadOnly(uiSchema as never, {
      ...good(),
      total: '1',
      period: '2026-03',
      paymentStatus: 'unpaid',
    });
    expect(Object.keys(sent).sort()).toEqual(['date', 'lines', 'title']);
  });

  it('computes totals as the server will, live', () => {
    const form = compiledForm(claim);
    const data = good({ lines: [line({ amount: '120.5' }), line({ amount: '0.25' })] });
    const shown = withComputed(form, data);
    expect(shown).toMatchObject({ total: '120.75', period: '2026-03' });
    expect(new FormCompiler().compile(claim).check(data).data).toMatchObject({ total: '120.75' });
    // Typed values are left as typed (no "12.5" → "12.50" while typing).
    expect((shown.lines as Json[])[0]!.amount).toBe('120.5');
  });

  it('puts the server’s problems at their fields, in the user’s language', () => {
    const details = [
      { path: '/lines/0/amount', message: 'too small', messageZh: '太小' },
      { path: '/lines/0/amount', message: 'not money', messageZh: '不是金额' },
      { path: '/a~1b', message: 'odd', messageZh: '奇怪' },
      { path: '', message: 'whole', messageZh: '整体' },
    ];
    expect(errorSchemaOf(details, 'zh-CN')).toEqual({
      __errors: ['整体'],
      lines: { 0: { amount: { __errors: ['太小', '不是金额'] } } },
      'a/b': { __errors: ['奇怪'] },
    });
    expect(errorSchemaOf(details, 'en')).toMatchObject({
      lines: { 0: { amount: { __errors: ['too small', 'not money'] } } },
    });
  });

  it('links files through the request they belong to', () => {
    expect(fileHref('file:abc', 'req-1')).toBe('/api/files/abc?request=req-1');
    expect(fileHref('file:abc')).toBe('/api/files/abc');
    expect(fileHref('https://example.test/x.pdf')).toBe('https://example.test/x.pdf');
    expect(fileHref('javascript:alert(1)')).toBeNull();
    expect([fileSize(300), fileSize(2_500_000)]).toEqual(['1 KB', '2.4 MB']);
  });
});
