// The record envelope's own fields a list may show, filter or sort on (pure). Form fields are
// addressed as `data.<field path>`.
export const RECORD_META_PATHS: ReadonlySet<string> = new Set([
  'id',
  'title',
  'status',
  'owner',
  'department',
  'formVersion',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'deletedAt',
  'docstatus',
  'number',
  'amendedFrom',
  'submittedAt',
  'cancelledAt',
]);
