// The simulator derives the request form's computed fields from the sample values it is given, as
// the server does on submit: finance's expense claim's total from its lines (a number, as flows
// see decimals), its period from its date; a total typed by hand is replaced by the derived one.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalModelProblems } from '#engine/core/approvals/settings.ts';
import { checkModule } from '#engine/core/modules/check.ts';
import { SYSTEM_ROLES } from '#engine/services/identity/system-roles.ts';
import { readModuleFolder } from '#engine/services/modules/loader.ts';
import { defaultActions } from '#workers/actions/index.ts';
import { PLATFORM_REPORT_SOURCES } from '#platform/services.ts';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { simulationVariables } from '#designer/flow-modeler/model/simulation-inputs.ts';
import { compiledForm } from '#designer/ui/rjsf/server-checks.ts';

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

const FIELDS = [
  { path: 'title', type: 'string' as const },
  { path: 'date', type: 'date' as const },
  { path: 'total', type: 'number' as const },
];

describe('simulation inputs', () => {
  it('derives the computed fields from the values and JSON given', () => {
    const lines = [
      { date: '2026-03-09', category: 'transport', amount: '86.00' },
      { date: '2026-03-09', category: 'meals', amount: '5200.5' },
    ];
    const { variables, computed } = simulationVariables(
      FIELDS,
      { title: 'Trip', date: '2026-03-09', total: '1' },
      { lines },
      compiledForm(claim),
    );
    expect(computed).toEqual({ total: 5286.5, period: '2026-03' });
    expect(variables).toMatchObject({ title: 'Trip', total: 5286.5, period: '2026-03', lines });
  });

  it('keeps the values as given without a form, and leaves a field nothing derives out', () => {
    const plain = simulationVariables(FIELDS, { total: '12.5', title: '' }, { a: 1 }, null);
    expect(plain).toEqual({ variables: { a: 1, total: 12.5 }, computed: {} });
    const none = simulationVariables(FIELDS, { title: 'x' }, {}, compiledForm(claim));
    expect(none.variables.total).toBeUndefined();
  });
});
