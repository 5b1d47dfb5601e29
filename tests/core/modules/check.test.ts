// The module checker names every problem with its file and its place inside (JSON pointer, or
// '#elementId' in BPMN), section by section of module format 2. Starts from a good module (the
// fixture the service tests use) and breaks one thing at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalModelProblems } from '#engine/core/approvals/settings.ts';
import { checkModule } from '#engine/core/modules/check.ts';
import type { CheckLookups, ModuleFiles } from '#engine/core/modules/definition.ts';
import { SYSTEM_ROLES } from '#engine/services/identity/system-roles.ts';
import { readModuleFolder } from '#engine/services/modules/loader.ts';
import { defaultActions } from '#workers/actions/index.ts';
import { tempDir } from '#tests/support/temp-dir.ts';
import { writeFixtureModule } from '#tests/services/modules/fixture-module.ts';
import { buildBpmn, zeebe } from '#tests/support/bpmn-builder.ts';

const lookups: CheckLookups = {
  knownActions: defaultActions().names(),
  reportCollections: new Set(['ledger']),
  knownRoles: new Set(SYSTEM_ROLES.map((r) => r.id)),
};

let good: ModuleFiles;
const tmp = tempDir('module-check');
beforeAll(() => {
  writeFixtureModule(tmp.dir);
  good = readModuleFolder(tmp.dir, 'crm');
});
afterAll(() => tmp.remove());

/** The good module with some files replaced (undefined deletes one). */
function variant(changes: Record<string, string | undefined | ((text: string) => string)>): ModuleFiles {
  const files = new Map(good.files);
  for (const [path, change] of Object.entries(changes)) {
    if (change === undefined) files.delete(path);
    else files.set(path, typeof change === 'function' ? change(files.get(path) ?? '') : change);
  }
  return { folder: good.folder, files };
}

/** A change to a JSON file of the module, made on its parsed value. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- module files are free-form JSON here
const edit = (change: (value: any) => void) => (text: string) => {
  const value = JSON.parse(text);
  change(value);
  return JSON.stringify(value, null, 2);
};

const problemsOf = async (files: ModuleFiles) =>
  (await checkModule(files, lookups)).problems.map((p) => `${p.code} ${p.file} ${p.path}`);

describe('module check', () => {
  it('assembles a good module: a form per document type, ids <module>-<name>, rules, grants per role', async () => {
    const result = await checkModule(good, lookups);
    expect(result.problems).toEqual([]);
    const m = result.module!;
    expect(m.manifest.id).toBe('crm');
    expect(m.forms.map((f) => f.id)).toEqual(['crm-customer']);
    expect(m.forms[0]).toMatchObject({
      name: { en: 'Customer', 'zh-CN': '客户' },
      titleField: 'name',
      listColumns: ['data.name', 'data.tier'],
      summaryFields: ['data.tier'],
      optionLabels: { tier: { gold: { en: 'Gold', 'zh-CN': '金牌' } } },
    });
    expect(m.forms[0]!.labels?.tier).toEqual({ en: 'Tier', 'zh-CN': '等级' });
    expect(m.flows.map((f) => f.processId)).toEqual(['crm-onboarding']);
    expect(m.rules.map((r) => [r.id, r.module, r.inputs])).toEqual([
      ['crm-big-customer', 'crm', ['revenue']],
    ]);
    expect(m.automations.map((a) => [a.id, a.module])).toEqual([['crm-welcome', 'crm']]);
    expect(m.reports.map((r) => r.id)).toEqual(['crm-by-tier']);
    expect(m.dashboards.map((d) => d.id)).toEqual(['crm-main']);
    expect(m.grants).toEqual({
      employee: [
        { resource: 'record:crm-customer', actions: ['create', 'read'], rows: { type: 'own' } },
        { resource: 'report:crm-by-tier', actions: ['read'] },
      ],
      'crm-agent': [{ resource: 'record:crm-customer', actions: ['read', 'update'] }],
    });
    expect(m.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports bad JSON with the file', async () => {
    expect(await problemsOf(variant({ 'reports/by-tier.json': '{ "name": ' }))).toEqual([
      'JSON_INVALID crm/reports/by-tier.json ',
    ]);
  });

  it('reports schema violations with their JSON pointer', async () => {
    const problems = await problemsOf(
      variant({
        'module.json': (t) => t.replace('"version": "1.0.0"', '"version": "one"'),
      }),
    );
    expect(problems).toEqual(['SCHEMA_VIOLATION crm/module.json /version']);
    const automation = await problemsOf(
      variant({ 'automations/welcome.json': (t) => t.replace('"record.created"', '"record.exploded"') }),
    );
    expect(automation).toEqual(['SCHEMA_VIOLATION crm/automations/welcome.json /trigger/type']);
  });

  it('reports BPMN that fails validation at its element', async () => {
    const problems = await problemsOf(
      variant({
        'flows/onboarding.bpmn': (t) =>
          t
            .replace('<bpmn:userTask id="review"', '<bpmn:adHocSubProcess id="review"')
            .replace('</bpmn:userTask>', '</bpmn:adHocSubProcess>'),
      }),
    );
    expect(problems).toContain('UNSUPPORTED_ELEMENT crm/flows/onboarding.bpmn #review');
  });

  it('applies the approvals layer’s deploy-time checks to user tasks', async () => {
    const broken = variant({
      'flows/onboarding.bpmn': (t) =>
        t.replace(
          '<zeebe:assignmentDefinition assignee="wu.hao" />',
          '<zeebe:assignmentDefinition assignee="wu.hao" /><zeebe:taskHeaders><zeebe:header key="approvalMode" value="sometimes" /></zeebe:taskHeaders>',
        ),
    });
    const result = await checkModule(broken, { ...lookups, checkModel: approvalModelProblems });
    expect(result.problems.map((p) => `${p.code} ${p.file} ${p.path}`)).toEqual([
      'APPROVAL_HEADER_INVALID crm/flows/onboarding.bpmn #review',
    ]);
  });

  it('refuses a user task without a Chinese name, at the task', async () => {
    const problems = await problemsOf(
      variant({ 'flows/onboarding.bpmn': (t) => t.replace(/ forma:nameZh="[^"]*"/g, '') }),
    );
    expect(problems).toEqual(['STEP_NAME_ZH_MISSING crm/flows/onboarding.bpmn #review']);
    // The Chinese name in another namespace than Forma's is no Chinese name either.
    const elsewhere = await problemsOf(
      variant({
        'flows/onboarding.bpmn': (t) =>
          t.replace('https://forma.dev/schema/bpmn/1.0', 'http://forma.dev/schema/bpmn/1.0'),
      }),
    );
    expect(elsewhere).toEqual(['STEP_NAME_ZH_MISSING crm/flows/onboarding.bpmn #review']);
  });

  it('reports unknown actions in automations and in service tasks', async () => {
    const problems = await problemsOf(
      variant({ 'automations/welcome.json': (t) => t.replace('"notify"', '"fax.send"') }),
    );
    expect(problems).toEqual(['UNKNOWN_ACTION crm/automations/welcome.json /actions/0/action']);
  });

  it('reports a field without a label, and labels of fields or options that do not exist', async () => {
    const labels = 'doctypes/customer/labels.json';
    const problems = await problemsOf(
      variant({
        [labels]: edit((v) => {
          delete v.fields.tier;
          v.fields.nickname = { en: 'Nickname', 'zh-CN': '昵称' };
          v.options.tier.platinum = v.options.tier.gold;
        }),
      }),
    );
    expect(problems).toEqual([
      `MISSING_LABEL crm/${labels} /fields/tier`,
      `FORM_INVALID crm/${labels} /fields/nickname`,
      `FORM_INVALID crm/${labels} /options/tier/platinum`,
    ]);
    // Both languages, always: a label without its Chinese text breaks the labels file's schema.
    expect(await problemsOf(variant({ [labels]: edit((v) => delete v.fields.revenue['zh-CN']) }))).toEqual([
      `SCHEMA_VIOLATION crm/${labels} /fields/revenue/zh-CN`,
    ]);
  });

  it('reports a form problem in the file of the document type it comes from', async () => {
    const problems = await problemsOf(
      variant({
        'doctypes/customer/views.json': edit((v) => (v.list.columns[1] = 'data.colour')),
        'doctypes/customer/doctype.json': edit((v) => (v.titleField = 'size')),
      }),
    );
    expect(problems).toEqual([
      'FORM_INVALID crm/doctypes/customer/doctype.json /titleField',
      'FORM_INVALID crm/doctypes/customer/views.json /list/columns/1',
    ]);
    expect(
      await problemsOf(
        variant({ 'doctypes/customer/doctype.json': undefined, 'doctypes/customer/schema.json': undefined }),
      ),
    ).toEqual(
      expect.arrayContaining([
        'DOCTYPE_MISSING crm/doctypes/customer/labels.json ',
        'UNKNOWN_FORM crm/module.json /entries/0/form',
      ]),
    );
  });

  it('checks every grant’s role, wherever it is declared', async () => {
    const problems = await problemsOf(
      variant({
        'doctypes/customer/permissions.json': edit((v) => {
          v.grants.nobody = v.grants.employee;
          delete v.grants.employee;
        }),
        'reports/by-tier.json': edit((v) => (v.readers = ['ghost'])),
      }),
    );
    expect(problems).toEqual([
      'UNKNOWN_ROLE crm/doctypes/customer/permissions.json /grants/nobody',
      'UNKNOWN_ROLE crm/reports/by-tier.json /readers/0',
    ]);
  });

  it('checks that a rule exists, gets its inputs and parses, where it is defined and where it is used', async () => {
    const problems = await problemsOf(
      variant({
        'rules/big-customer.json': edit((v) => (v.values.big[1] = 'and revenue >')),
        'module.json': edit((v) => (v.entries[0].precheck.input = { income: '=data.revenue' })),
      }),
    );
    expect(problems).toEqual([
      'FEEL_INVALID crm/rules/big-customer.json /values/big',
      'RULE_INPUT_MISSING crm/module.json /entries/0/precheck/input',
    ]);
    const rated = buildBpmn({
      id: 'crm-onboarding',
      nodes: [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        {
          id: 'rate',
          type: 'serviceTask',
          at: [1, 0],
          ext: zeebe.task('rule.evaluate') + zeebe.headers({ rule: 'crm-big-customer', tier: '=tier' }),
        },
        { id: 'end', type: 'endEvent', at: [2, 0] },
      ],
      flows: [
        { id: 'f1', from: 'start', to: 'rate' },
        { id: 'f2', from: 'rate', to: 'end' },
      ],
    });
    const unknown = await problemsOf(
      variant({
        'module.json': edit((v) => (v.entries[0].precheck.rule = 'crm-small-customer')),
        'flows/onboarding.bpmn': rated,
      }),
    );
    expect(unknown).toEqual([
      'RULE_INPUT_MISSING crm/flows/onboarding.bpmn #rate',
      'UNKNOWN_RULE crm/module.json /entries/0/precheck/rule',
    ]);
  });

  it('checks the calendars a module ships and takes one as the company default', async () => {
    const week = { monday: [{ from: '09:00', to: '18:00' }] };
    const calendar = (extra: object) =>
      JSON.stringify({
        name: { en: 'Office', 'zh-CN': '办公室' },
        timeZone: 'Asia/Shanghai',
        weekly: week,
        ...extra,
      });
    const ok = await checkModule(
      variant({ 'calendars/office.json': calendar({ companyDefault: true }) }),
      lookups,
    );
    expect(ok.problems).toEqual([]);
    expect(ok.module!.calendars).toEqual([
      expect.objectContaining({
        id: 'crm-office',
        module: 'crm',
        companyDefault: true,
        timeZone: 'Asia/Shanghai',
      }),
    ]);
    expect(
      await problemsOf(
        variant({
          'calendars/office.json': calendar({
            companyDefault: true,
            timeZone: 'Nowhere/Town',
            holidays: [{ from: '2026-05-01' }],
            workdays: [{ date: '2026-05-01' }],
          }),
          'calendars/plant.json': calendar({
            id: 'plant',
            companyDefault: true,
            weekly: { monday: [{ from: '9:00', to: '18:00' }] },
          }),
          'calendars/night.json': calendar({
            companyDefault: true,
            weekly: { friday: [{ from: '22:00', to: '06:00' }] },
          }),
        }),
      ),
    ).toEqual([
      'CALENDAR_INVALID crm/calendars/night.json /weekly/friday/0/to',
      'CALENDAR_INVALID crm/calendars/office.json /timeZone',
      'CALENDAR_INVALID crm/calendars/office.json /workdays/0/date',
      'CALENDAR_DEFAULT_TWICE crm/calendars/office.json /companyDefault',
      'ID_MISMATCH crm/calendars/plant.json /id',
      'SCHEMA_VIOLATION crm/calendars/plant.json /weekly/monday/0/from',
    ]);
  });

  it('checks that field permissions name the flow’s user tasks (or requester) and the form’s fields', async () => {
    const withPermissions = (fieldPermissions: unknown) =>
      variant({
        'module.json': edit((m) => {
          m.entries[0].fieldPermissions = fieldPermissions;
        }),
      });
    expect(
      await problemsOf(withPermissions({ requester: { tier: 'readonly' }, review: { revenue: 'hidden' } })),
    ).toEqual([]);
    expect(
      await problemsOf(withPermissions({ approve: { tier: 'readonly' }, review: { turnover: 'hidden' } })),
    ).toEqual([
      'UNKNOWN_STEP crm/module.json /entries/0/fieldPermissions/approve',
      'UNKNOWN_FIELD crm/module.json /entries/0/fieldPermissions/review/turnover',
    ]);
    expect(await problemsOf(withPermissions({ review: { tier: 'write' } }))).toEqual([
      'SCHEMA_VIOLATION crm/module.json /entries/0/fieldPermissions/review/tier',
    ]);
  });

  it('checks a one-tap entry: location and tap-time fields of its form, shown forms of the module', async () => {
    const withTap = (tap: unknown) =>
      variant({
        'module.json': edit((m) => {
          m.entries[0].tap = tap;
        }),
      });
    const label = { en: 'Last', 'zh-CN': '上次' };
    expect(
      await problemsOf(
        withTap({
          location: { latitude: 'revenue', longitude: 'revenue' },
          show: [{ label, form: 'crm-customer' }],
        }),
      ),
    ).toEqual([]);
    expect(
      await problemsOf(
        withTap({
          location: { latitude: 'revenue', longitude: 'lng' },
          tappedAt: { field: 'tapped' },
          show: [{ label, form: 'crm-nobody' }],
        }),
      ),
    ).toEqual([
      'UNKNOWN_FIELD crm/module.json /entries/0/tap/location/longitude',
      'UNKNOWN_FIELD crm/module.json /entries/0/tap/tappedAt/field',
      'UNKNOWN_FORM crm/module.json /entries/0/tap/show/0/form',
    ]);
    expect(await problemsOf(withTap({ tappedAt: { field: 'revenue', maxAgeHours: 0 } }))).toEqual([
      'SCHEMA_VIOLATION crm/module.json /entries/0/tap/tappedAt/maxAgeHours',
    ]);
    expect(await problemsOf(withTap({ show: [{ form: 'crm-customer' }] }))).toEqual([
      'SCHEMA_VIOLATION crm/module.json /entries/0/tap/show/0/label',
    ]);
  });

  it('refuses code in a module folder, and files that have no place there', async () => {
    expect(
      await problemsOf(variant({ 'automations/helper.ts': 'export const x = 1;', 'notes.txt': 'hi' })),
    ).toEqual(['CODE_NOT_ALLOWED crm/automations/helper.ts ', 'UNKNOWN_FILE crm/notes.txt ']);
  });

  it('reports references to nothing and seeds that do not fit their form', async () => {
    const problems = await problemsOf(
      variant({
        'dashboards/main.json': (t) => t.replace('crm-by-tier', 'crm-nope'),
        'seed/reference.json': (t) => t.replace('"silver"', '"bronze"'),
        'module.json': (t) => t.replace('"flow": "crm-onboarding"', '"flow": "crm-missing"'),
      }),
    );
    expect(problems).toEqual([
      'UNKNOWN_REPORT crm/dashboards/main.json /cards/0/report',
      'UNKNOWN_PROCESS crm/module.json /entries/0/flow',
      'SEED_INVALID crm/seed/reference.json /records/0/data/tier',
    ]);
  });

  it('checks demo requests: an entry of the module, data fits its form, ids once, steps of its flow', async () => {
    const request = (id: string, data: object, approve?: unknown[]) => ({
      id,
      as: 'zheng.xin',
      data,
      ...(approve ? { approve } : {}),
    });
    const good = JSON.stringify({
      kind: 'demo-requests',
      entry: 'crm-onboarding',
      requests: [request('a', { name: 'Acme', tier: 'gold' }, ['review', { step: 'review', as: 'wu.hao' }])],
    });
    expect(await problemsOf(variant({ 'seed/demo-requests.json': good }))).toEqual([]);
    const bad = JSON.stringify({
      kind: 'demo-requests',
      entry: 'crm-onboarding',
      requests: [
        request('a', { name: 'Acme', tier: 'bronze' }),
        request('a', { name: 'Beta', tier: 'gold' }, ['review', 'approve-twice']),
      ],
    });
    expect(await problemsOf(variant({ 'seed/demo-requests.json': bad }))).toEqual([
      'SEED_INVALID crm/seed/demo-requests.json /requests/0/data/tier',
      'SEED_DUPLICATE_ID crm/seed/demo-requests.json /requests/1/id',
      'UNKNOWN_STEP crm/seed/demo-requests.json /requests/1/approve/1',
    ]);
    const elsewhere = JSON.stringify({ kind: 'demo-requests', entry: 'finance-expense-claim', requests: [] });
    expect(await problemsOf(variant({ 'seed/demo-requests.json': elsewhere }))).toEqual([
      'UNKNOWN_ENTRY crm/seed/demo-requests.json /entry',
    ]);
    const incomplete = JSON.stringify({ kind: 'demo-requests', entry: 'crm-onboarding' });
    expect(await problemsOf(variant({ 'seed/demo-requests.json': incomplete }))).toEqual([
      'SEED_INCOMPLETE crm/seed/demo-requests.json /requests',
    ]);
  });

  it('reports FEEL that does not parse, ids that do not fit, settings that do not fit their schema', async () => {
    const problems = await problemsOf(
      variant({
        'automations/welcome.json': (t) =>
          t.replace('=record.data.revenue > settings.bigRevenue', '=record.data.revenue >'),
        'reports/by-tier.json': (t) => t.replace('"name"', '"id": "crm.by-tier", "name"'),
        'module.json': (t) =>
          t
            .replace('"bigRevenue": 1000', '"bigRevenue": -1')
            .replace('"id": "crm-onboarding"', '"id": "onboarding"'),
      }),
    );
    expect(problems).toEqual([
      'SETTINGS_INVALID crm/module.json /defaultSettings/bigRevenue',
      'ID_MISMATCH crm/reports/by-tier.json /id',
      'FEEL_INVALID crm/automations/welcome.json /conditions/0',
      'ID_MISMATCH crm/module.json /entries/0/id',
    ]);
  });

  it('reports a settings label for a setting the schema does not have, and takes a known one', async () => {
    const label = (name: string) =>
      `"settingsLabels": { "${name}": { "title": { "en": "Big revenue", "zh-CN": "大额收入" } } }, "defaultSettings"`;
    const known = await problemsOf(
      variant({ 'module.json': (t) => t.replace('"defaultSettings"', label('bigRevenue')) }),
    );
    expect(known).toEqual([]);
    const unknown = await problemsOf(
      variant({ 'module.json': (t) => t.replace('"defaultSettings"', label('bigRevenu')) }),
    );
    expect(unknown).toEqual(['SETTINGS_LABEL_UNKNOWN crm/module.json /settingsLabels/bigRevenu']);
  });

  it('assembles print formats and checks what they name, links and numbering of a document type', async () => {
    const format = {
      name: { en: 'Customer card', 'zh-CN': '客户卡片' },
      sections: [
        { type: 'fields', fields: [{ field: 'data.name' }, { field: 'owner' }] },
        { type: 'totals', fields: [{ field: 'data.revenue', inWords: true }] },
      ],
    };
    const voucher = {
      source: 'ledger-voucher',
      name: { en: 'Voucher', 'zh-CN': '凭证' },
      sections: [{ type: 'table', field: 'lines', fields: [{ field: 'account' }, { field: 'debit' }] }],
    };
    const withPrint = variant({
      'doctypes/customer/print/card.json': JSON.stringify(format),
      'print/voucher.json': JSON.stringify(voucher),
    });
    const result = await checkModule(withPrint, lookups);
    expect(result.problems).toEqual([]);
    expect(result.module!.printFormats.map((f) => [f.id, f.form ?? f.source])).toEqual([
      ['crm-customer-card', 'crm-customer'],
      ['crm-voucher', 'ledger-voucher'],
    ]);
    const broken = variant({
      'doctypes/customer/print/card.json': JSON.stringify({
        ...format,
        sections: [
          { type: 'fields', fields: [{ field: 'data.nope' }, { field: 'data.name', inWords: true }] },
        ],
      }),
      'doctypes/ghost/print/x.json': JSON.stringify(format),
      'print/voucher.json': JSON.stringify({ ...voucher, source: 'record' }),
      'doctypes/customer/doctype.json': edit((v) => {
        v.numbering = { pattern: 'C-{YYYY}' };
        v.lifecycle = { submittable: true, allowedAfterSubmit: ['nope'] };
      }),
      'doctypes/customer/schema.json': edit((v) => {
        v.properties.partner = { type: 'string', format: 'link', 'x-link': { form: 'crm-nobody' } };
      }),
      'doctypes/customer/labels.json': edit((v) => {
        v.fields.partner = { en: 'Partner', 'zh-CN': '伙伴' };
      }),
    });
    expect(await problemsOf(broken)).toEqual(
      expect.arrayContaining([
        'FORM_INVALID crm/doctypes/customer/doctype.json /lifecycle/allowedAfterSubmit/0',
        'FORM_INVALID crm/doctypes/customer/doctype.json /numbering/pattern',
        'UNKNOWN_FORM crm/doctypes/customer/schema.json /properties/partner/x-link/form',
        'PRINT_PATH_UNKNOWN crm/doctypes/customer/print/card.json /sections/0/fields/0/field',
        'PRINT_IN_WORDS crm/doctypes/customer/print/card.json /sections/0/fields/1/inWords',
        'DOCTYPE_MISSING crm/doctypes/ghost/print/x.json ',
        'PRINT_SOURCE_INVALID crm/print/voucher.json /source',
      ]),
    );
  });

  it('takes links, makes and triggers into a module worked beside on trust, and checks the rest', async () => {
    const beside = variant({
      'doctypes/customer/schema.json': edit((v) => {
        v.properties.partner = {
          type: 'string',
          format: 'link',
          'x-link': { form: 'shop-partner', requiresModules: ['shop'] },
        };
      }),
      'doctypes/customer/labels.json': edit((v) => {
        v.fields.partner = { en: 'Partner', 'zh-CN': '伙伴' };
      }),
      'doctypes/customer/doctype.json': edit((v) => {
        v.makes = [
          {
            id: 'shop-order',
            name: { en: 'Make an order', 'zh-CN': '生成订单' },
            form: 'shop-order',
            requiresModules: ['shop'],
            backLink: 'customer',
            lookups: { partner: { form: 'shop-partner', where: { 'data.customer': '=record.id' } } },
            refusals: [
              {
                code: 'NO_PARTNER',
                when: '=partner = null',
                message: { en: 'No partner', 'zh-CN': '无伙伴' },
              },
            ],
            data: { partner: '=partner.id', note: '=data.name' },
          },
        ];
      }),
      'automations/welcome.json': edit((v) => {
        v.requiresModules = ['shop'];
        v.trigger = { type: 'record.created', form: 'shop-order' };
      }),
    });
    expect(await problemsOf(beside)).toEqual([]);
    const broken = variant({
      'doctypes/customer/schema.json': edit((v) => {
        v.properties.partner = {
          type: 'string',
          format: 'link',
          'x-link': { form: 'shop-partner', requiresModules: ['till'] },
        };
      }),
      'doctypes/customer/labels.json': edit((v) => {
        v.fields.partner = { en: 'Partner', 'zh-CN': '伙伴' };
      }),
      'doctypes/customer/doctype.json': edit((v) => {
        const make = { id: 'copy', name: { en: 'Copy', 'zh-CN': '复制' }, form: 'crm-customer', data: {} };
        v.makes = [
          { ...make, backLink: 'name' },
          { ...make, form: 'shop-order', backLink: 'customer', data: { x: '=((' } },
        ];
      }),
      'automations/welcome.json': edit((v) => {
        v.trigger = { type: 'record.created', form: 'shop-order' };
      }),
    });
    expect(await problemsOf(broken)).toEqual(
      expect.arrayContaining([
        'UNKNOWN_FORM crm/doctypes/customer/schema.json /properties/partner/x-link/form',
        'MAKE_BACKLINK_INVALID crm/doctypes/customer/doctype.json /makes/0/backLink',
        'UNKNOWN_FORM crm/doctypes/customer/doctype.json /makes/1/form',
        'UNKNOWN_FORM crm/automations/welcome.json /trigger/form',
      ]),
    );
    const all = (await checkModule(broken, lookups)).problems.map((p) => `${p.path} ${p.message}`).join('\n');
    expect(all).toContain('/makes/1/id');
    expect(all).toContain('/makes/1/data/x');
    expect(all).toContain('/x-link/requiresModules');
  });

  it('a manifest without module.json, with another id than its folder, or in module format 1', async () => {
    expect(await problemsOf(variant({ 'module.json': undefined }))).toEqual([
      'MANIFEST_MISSING crm/module.json ',
    ]);
    const renamed = await checkModule({ folder: 'other', files: good.files }, lookups);
    expect(renamed.problems.map((p) => p.code)).toContain('MODULE_ID_MISMATCH');
    const format1 = variant({
      'module.json': edit((v) => delete v.format),
      'i18n/en.json': '{}',
      'schemas/customer.schema.json': '{}',
    });
    expect(await problemsOf(format1)).toEqual(['MODULE_FORMAT_1 crm/module.json ']);
  });
});
