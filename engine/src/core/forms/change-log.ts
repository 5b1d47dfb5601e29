// A record's change log (pure): every change of the fields a form's `changeLog` names, appended in
// the record's own write — { field, from, to, at, by }. A funnel counts what *entered* each stage
// from this log, so a deal that went lead → qualified → lost still counts as qualified; reading
// the current stage instead would forget it (the complaint users of CRMs without a stage history
// make about their funnels). The log is append-only: entries already written are never changed.
import type { FormDefinition, RecordEnvelope } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '../errors.ts';
import type { FieldIndex } from './field-index.ts';

export type ChangeLogEntry = NonNullable<RecordEnvelope['changeLog']>[number];
type Data = Record<string, unknown>;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The log after a write: `log` with one entry appended for each logged field whose value changed
 * from `before` (undefined: a new record, every set field enters from null). Undefined when the
 * form logs nothing and the record had no log.
 */
export function appendChangeLog(
  definition: Pick<FormDefinition, 'changeLog'>,
  log: ChangeLogEntry[] | undefined,
  before: Data | undefined,
  after: Data,
  at: string,
  by: string,
): ChangeLogEntry[] | undefined {
  const added: ChangeLogEntry[] = [];
  for (const field of definition.changeLog ?? []) {
    const from = before?.[field] ?? null;
    const to = after[field] ?? null;
    if (same(from, to)) continue;
    added.push({ field, from, to, at, by });
  }
  if (added.length === 0) return log;
  return [...(log ?? []), ...added];
}

/**
 * Problems of a definition's `changeLog`, `timelineDate`, `duplicates` and `pool`: each must name a top-level field
 * of a single value that is not sensitive (logged values, duplicate look-ups and the pool's mark
 * are read in clear by the store).
 */
export function changeLogProblems(
  def: Pick<FormDefinition, 'changeLog' | 'duplicates' | 'pool' | 'timelineDate'>,
  fields: FieldIndex,
  problem: (at: string, en: string, zh: string) => ErrorDetail,
): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const check = (at: string, path: string) => {
    const f = fields.get(path);
    if (!f) out.push(problem(at, `There is no field "${path}"`, `没有字段“${path}”`));
    else if (f.inArray || f.container || f.sensitive)
      out.push(
        problem(
          at,
          `"${path}" must be a single, not sensitive value outside lists`,
          `“${path}”必须是列表之外的单个非敏感值`,
        ),
      );
  };
  (def.changeLog ?? []).forEach((path, i) => check(`/changeLog/${i}`, path));
  if (def.timelineDate) {
    const f = fields.get(def.timelineDate);
    if (f && f.format !== 'date' && f.format !== 'date-time')
      out.push(
        problem(
          '/timelineDate',
          `The timeline date must be a date or date-time field: "${def.timelineDate}" is not`,
          `时间线日期必须是日期或日期时间字段：“${def.timelineDate}”不是`,
        ),
      );
    else check('/timelineDate', def.timelineDate);
  }
  if (def.pool) {
    const f = fields.get(def.pool.field);
    if (!f || f.inArray || !f.types.includes('boolean') || f.types.length !== 1 || f.sensitive)
      out.push(
        problem(
          '/pool/field',
          `The pool's field must be a yes/no field outside lists: "${def.pool.field}" is not`,
          `公海标记字段必须是列表之外的是/否字段：“${def.pool.field}”不是`,
        ),
      );
    const stamp = def.pool.stamp === undefined ? undefined : fields.get(def.pool.stamp);
    if (
      def.pool.stamp !== undefined &&
      (!stamp || stamp.inArray || stamp.format !== 'date' || stamp.sensitive)
    )
      out.push(
        problem(
          '/pool/stamp',
          `The pool's stamp must be a date field outside lists: "${def.pool.stamp}" is not`,
          `领取日期字段必须是列表之外的日期字段：“${def.pool.stamp}”不是`,
        ),
      );
  }
  (def.duplicates ?? []).forEach((d, i) => {
    if (d.fields.length === 0)
      out.push(problem(`/duplicates/${i}/fields`, 'Name at least one field', '请至少指定一个字段'));
    d.fields.forEach((path, j) => check(`/duplicates/${i}/fields/${j}`, path));
    if (d.field !== undefined && !fields.get(d.field))
      out.push(problem(`/duplicates/${i}/field`, `There is no field "${d.field}"`, `没有字段“${d.field}”`));
  });
  return out;
}
