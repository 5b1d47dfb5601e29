// Actions for tests and fault drills (registered only when FORMA_TEST_ACTIONS=1 or by a test):
// - test.record: writes one document per job into `test_action_runs`, keyed by the idempotency
//   key, so a re-run after a crash is detected and not repeated (the pattern real actions use);
//   every start of the job is counted in `test_action_starts`;
// - test.fail: fails until `failTimes` (header) attempts were made, or throws a BPMN error when
//   the header `errorCode` is set; succeeds whenever the variable `fixed` is true;
// - test.sleep: waits `ms` (header) milliseconds — a slow action a worker can be killed inside.
import { DuplicateKeyError } from '#engine/ports/document-store.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';

export const testActions: ActionDefinition[] = [
  {
    name: 'test.record',
    async run({ store, idempotencyKey, instanceId, elementId, headers, clock }) {
      // Every start of the job is counted (a worker killed mid-job makes the job start again)…
      const starts = store.collection<{ count: number }>('test_action_starts');
      try {
        await starts.insert({ id: idempotencyKey, count: 1 });
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        await starts.increment(idempotencyKey, { count: 1 });
      }
      // …while the side effect below happens once per key.
      const ms = Number(headers.sleepMs ?? 0);
      if (ms > 0) await new Promise((r) => setTimeout(r, ms));
      const runs = store.collection<{ instanceId: string; elementId: string; at: number; attempts: number }>(
        'test_action_runs',
      );
      try {
        await runs.insert({ id: idempotencyKey, instanceId, elementId, at: clock.now(), attempts: 1 });
        return { recorded: true, duplicate: false };
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        // Already done by an earlier run of this job: count the repeat, do not redo the work.
        await runs.increment(idempotencyKey, { attempts: 1 });
        return { recorded: true, duplicate: true };
      }
    },
  },
  {
    name: 'test.fail',
    async run({ headers, attempt, variables }) {
      if (variables.fixed === true) return { succeededOnAttempt: attempt + 1 };
      if (headers.errorCode)
        throw new BpmnError(headers.errorCode, headers.message ?? 'business error', {
          reason: headers.message ?? null,
        });
      const failTimes = Number(headers.failTimes ?? Infinity);
      if (attempt < failTimes) throw new Error(headers.message ?? `failure on attempt ${attempt + 1}`);
      return { succeededOnAttempt: attempt + 1 };
    },
  },
  {
    name: 'test.sleep',
    async run({ headers }) {
      await new Promise((r) => setTimeout(r, Number(headers.ms ?? 100)));
      return {};
    },
  },
];
