// The reply shapes the reports and dashboards routes share.
import { localizedText, object } from '#engine/http/schemas.ts';
import { anyObject } from '../modules/schemas.ts';

export const reportResult = object(
  {
    report: { type: 'string' },
    columns: {
      type: 'array',
      items: object(
        {
          name: { type: 'string' },
          kind: { type: 'string', enum: ['group', 'measure'] },
          label: localizedText,
        },
        ['name', 'kind'],
      ),
    },
    rows: { type: 'array', items: anyObject },
    totals: anyObject,
    rowCount: { type: 'integer' },
    chart: anyObject,
    generatedAt: { type: 'string', format: 'date-time' },
    unmapped: { type: 'array', items: { type: 'string' } },
  },
  ['report', 'columns', 'rows', 'totals', 'rowCount', 'generatedAt'],
);
