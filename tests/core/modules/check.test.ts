// The module checker names every problem with its file and its place inside (JSON pointer, or
// '#elementId' in BPMN). Starts from a good module (the fixture the service tests use) and breaks
// one thing at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalModelProblems } from '#engine/core/approvals/settings.ts';
import { checkModule } from '#engine/core/modules/check.ts';
import type { CheckLookups, ModuleFiles } from '#engine/core/modules/definition.ts';
import { SYSTEM_ROLES } from '#engine/services/identity/system-roles.ts';
import { readModuleFolder } from '#engine/services/modules/loader.ts';
import { defaultActions } from '#workers/actions/index.ts';
import { tempDir } from '#tests/support/temp-dir.ts';
import { writeFixtureModule } from '#tests/services/modules/fixture-module.ts';

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

const problemsOf = async (files: ModuleFiles) =>
  (await checkModule(files, lookups)).problems.map((p) => `${p.code} ${p.file} ${p.path}`);

describe('module check', () => {
  it('assembles a good module: forms with labels from i18n, qualified ids, flows, seeds', async () => {
    const result = await checkModule(good, lookups);
    expect(result.problems).toEqual([]);
    const m = result.module!;
    expect(m.manifest.id).toBe('crm');
    expect(m.forms.map((f) => f.id)).toEqual(['crm-customer']);
    expect(m.forms[0]!.labels?.tier).toEqual({ en: 'Tier', 'zh-CN': '等级' });
    expect(m.flows.map((f) => f.processId)).toEqual(['crm-onboarding']);
    expect(m.automations.map((a) => [a.id, a.module])).toEqual([['crm.welcome', 'crm']]);
    expect(m.reports.map((r) => r.id)).toEqual(['crm.by-tier']);
    expect(m.dashboards.map((d) => d.id)).toEqual(['crm.main']);
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
            .replace('<bpmn:userTask id="review"', '<bpmn:manualTask id="review"')
            .replace('</bpmn:userTask>', '</bpmn:manualTask>'),
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

  it('reports unknown actions in automations and in service tasks', async () => {
    const problems = await problemsOf(
      variant({ 'automations/welcome.json': (t) => t.replace('"notify"', '"fax.send"') }),
    );
    expect(problems).toEqual(['UNKNOWN_ACTION crm/automations/welcome.json /actions/0/action']);
  });

  it('reports missing translations in the language file that lacks them', async () => {
    const problems = await problemsOf(
      variant({ 'i18n/zh-CN.json': (t) => t.replace('"form.customer.field.tier": "等级",', '') }),
    );
    expect(problems).toEqual(['MISSING_TRANSLATION crm/i18n/zh-CN.json /form.customer.field.tier']);
  });

  it('refuses code in a module folder, and files that have no place there', async () => {
    expect(
      await problemsOf(variant({ 'automations/helper.ts': 'export const x = 1;', 'notes.txt': 'hi' })),
    ).toEqual(['CODE_NOT_ALLOWED crm/automations/helper.ts ', 'UNKNOWN_FILE crm/notes.txt ']);
  });

  it('reports references to nothing and seeds that do not fit their form', async () => {
    const problems = await problemsOf(
      variant({
        'dashboards/main.json': (t) => t.replace('crm.by-tier', 'crm.nope'),
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

  it('reports FEEL that does not parse, ids that do not fit, settings that do not fit their schema', async () => {
    const problems = await problemsOf(
      variant({
        'automations/welcome.json': (t) =>
          t.replace('=record.data.revenue > settings.bigRevenue', '=record.data.revenue >'),
        'reports/by-tier.json': (t) => t.replace('"name"', '"id": "other.id", "name"'),
        'module.json': (t) => t.replace('"bigRevenue": 1000', '"bigRevenue": -1'),
      }),
    );
    expect(problems).toEqual([
      'SETTINGS_INVALID crm/module.json /defaultSettings/bigRevenue',
      'ID_MISMATCH crm/reports/by-tier.json /id',
      'FEEL_INVALID crm/automations/welcome.json /conditions/0',
    ]);
  });

  it('a manifest without module.json or with another id than its folder', async () => {
    expect(await problemsOf(variant({ 'module.json': undefined }))).toEqual([
      'MANIFEST_MISSING crm/module.json ',
    ]);
    const renamed = await checkModule({ folder: 'other', files: good.files }, lookups);
    expect(renamed.problems.map((p) => p.code)).toContain('MODULE_ID_MISMATCH');
  });
});
