// `npm run check:modules` as a user runs it: passes on the modules folder, fails on a deliberately
// broken copy of finance — naming each problem's file and path — and exits non-zero.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const run = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'scripts', 'check-modules.ts'),
      ...args,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );

describe('npm run check:modules', () => {
  const tmp = tempDir('check-modules');
  afterAll(() => tmp.remove());

  it('passes on the modules folder', () => {
    const result = run();
    const { version } = JSON.parse(readFileSync(join(ROOT, 'modules', 'finance', 'module.json'), 'utf8'));
    expect(result.stdout).toContain(`ok      finance@${version}`);
    expect(result.status).toBe(0);
  });

  it('fails on a broken copy of finance, with the file and path of each problem', () => {
    const dir = join(tmp.dir, 'finance');
    cpSync(join(ROOT, 'modules', 'finance'), dir, { recursive: true });
    const edit = (file: string, change: (text: string) => string) =>
      writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
    edit('automations/post-expense-voucher.json', (t) => t.replace('"ledger.post"', '"ledger.postt"'));
    edit('flows/expense-approval.bpmn', (t) => t.replace('type="rule.evaluate"', 'type="budget.magic"'));
    edit('doctypes/expense-claim/labels.json', (t) => t.replace(/\s*"lines\.amount": \{[^}]*\},/, ''));
    edit('rules/budget-overrun.json', (t) =>
      t.replace('"overBudget": "overrun > 0"', '"overBudget": "overrun >"'),
    );
    edit('doctypes/budget/permissions.json', (t) => t.replace('"manager"', '"controller"'));
    edit('reports/trial-balance.json', (t) => t.replace('"measures"', '"measurez"'));
    edit('decisions/expense-route.dmn', (t) =>
      t.replace('&gt; settings.deptHeadThreshold', '&gt; settings.'),
    );
    writeFileSync(join(dir, 'seed', 'broken.json'), '{ "kind": "reference", ');
    writeFileSync(join(dir, 'automations', 'hack.js'), 'module.exports = 1');
    rmSync(join(dir, 'README.md'), { force: true });
    const result = run(tmp.dir);
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^BROKEN {2}finance@\d+\.\d+\.\d+: \d+ problem\(s\)$/);
    expect(result.stdout).toContain(
      'finance/automations/post-expense-voucher.json /actions/1/action — UNKNOWN_ACTION',
    );
    expect(result.stdout).toMatch(
      /finance\/flows\/expense-approval\.bpmn #checkBudget — \w+: .*budget\.magic/,
    );
    // A decision table's problem is at its cell: rule 1's amount test.
    expect(result.stdout).toContain(
      'finance/decisions/expense-route.dmn #above-threshold-total — FEEL_SYNTAX: Rule 1, input "Claim total / 报销总额"',
    );
    expect(result.stdout).toContain(
      'finance/doctypes/expense-claim/labels.json /fields/lines.amount — MISSING_LABEL',
    );
    expect(result.stdout).toContain('finance/rules/budget-overrun.json /values/overBudget — FEEL_INVALID');
    expect(result.stdout).toContain(
      'finance/doctypes/budget/permissions.json /grants/controller — UNKNOWN_ROLE',
    );
    expect(result.stdout).toContain('finance/reports/trial-balance.json /measures — SCHEMA_VIOLATION');
    expect(result.stdout).toContain('finance/seed/broken.json — JSON_INVALID');
    expect(result.stdout).toContain('finance/automations/hack.js — CODE_NOT_ALLOWED');
    // Each problem once, where it is: nothing else is reported for the broken flow.
    expect(lines[0]).toMatch(/: 10 problem\(s\)$/);
  });
});
