// Generators of FEEL row conditions and rows, shared by the tests that check that FEEL, the pure
// row matcher and both stores select the same rows.
import fc from 'fast-check';

// Rows whose fields keep one type each (FEEL and a store disagree on comparing mixed types).
export const rowArb = fc.record(
  {
    status: fc.constantFrom('open', 'closed', 'new', null),
    amount: fc.constantFrom(0, 10, 5000, 5000.5, 9999, null),
    owner: fc.constantFrom('alice', 'bob'),
    department: fc.constantFrom('sales', 'finance'),
  },
  { requiredKeys: [] },
);

const atom = fc.constantFrom(
  'row.status = "open"',
  'row.status != "closed"',
  'row.amount > 5000',
  'row.amount <= 10',
  '5000 < row.amount',
  'row.owner = user.id',
  'user.id = row.owner',
  'row.department = user.department',
  'row.status in ["open", "new"]',
  'row.status = null',
  'row.amount != null',
  'user.department = "sales"',
  'true',
  'false',
);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) and (${b})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) or (${b})`),
    tie('expr').map((a) => `not(${a})`),
  ),
}));

export const feelConditionArb = expr;
