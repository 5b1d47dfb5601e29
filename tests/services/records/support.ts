// Both run modes for the forms and records service tests: the embedded store in a temp dir and
// MongoDB (FerretDB from scripts/services.sh, or MONGODB_URL) in a database of its own. Actors
// get their access decisions from the real permission engine.
import { randomBytes } from 'node:crypto';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { keyringFromEnv, type Keyring } from '#engine/core/crypto/keyring.ts';
import type { Grant, Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess, type Action } from '#engine/core/permissions/resolve.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import type { AuditRecordInput } from '#engine/services/audit/audit-log.ts';
import type { AuditSink } from '#engine/services/audit/record-audit.ts';
import {
  createFormsAndRecords,
  type AbnormalExportAlert,
  type AlertSink,
  type FormsAndRecords,
  type FormsAndRecordsDeps,
} from '#engine/services/records/index.ts';
import { mongodbUrl, uniqueNamespace } from '#tests/support/services.ts';
import { tempDir } from '#tests/support/temp-dir.ts';

export const MODES = ['embedded', 'mongodb'] as const;
export type Mode = (typeof MODES)[number];

export interface OpenedStore {
  store: DocumentStore;
  cleanup: () => Promise<void>;
  /** Embedded only: the directory holding the journals. */
  dir?: string;
  /** MongoDB only: the database name. */
  dbName?: string;
}

export async function openStore(mode: Mode, label: string): Promise<OpenedStore> {
  if (mode === 'embedded') {
    const tmp = tempDir(label);
    const store = new EmbeddedStore({ dir: tmp.dir });
    return {
      store,
      dir: tmp.dir,
      cleanup: async () => {
        await store.close();
        tmp.remove();
      },
    };
  }
  const dbName = uniqueNamespace(label);
  const store = await MongoStore.connect({ url: mongodbUrl(), dbName });
  return {
    store,
    dbName,
    cleanup: async () => {
      await store.dropDatabase();
      await store.close();
    },
  };
}

/** An audit sink that keeps what it is given (the real audit log is the API engineer's). */
export class MemoryAudit implements AuditSink {
  readonly entries: AuditRecordInput[] = [];
  async record(input: AuditRecordInput): Promise<void> {
    this.entries.push(structuredClone(input));
  }
}

export function testKeyring(): Keyring {
  return keyringFromEnv(`k1:${randomBytes(32).toString('base64')}`);
}

/** Alerts kept for the test to look at (the notification service is another issue's). */
export class MemoryAlerts implements AlertSink {
  readonly alerts: AbnormalExportAlert[] = [];
  async alertAdmins(alert: AbnormalExportAlert): Promise<void> {
    this.alerts.push(alert);
  }
}

export interface Services extends FormsAndRecords {
  clock: ManualClock;
  audit: MemoryAudit;
  alerts: MemoryAlerts;
}

export async function services(
  store: DocumentStore,
  keyring: Keyring = testKeyring(),
  extra: Partial<FormsAndRecordsDeps> = {},
): Promise<Services> {
  const clock = new ManualClock();
  const audit = new MemoryAudit();
  const alerts = new MemoryAlerts();
  const built = createFormsAndRecords({
    store,
    clock,
    keyring,
    audit,
    alerts,
    exportAlert: { rowThreshold: 10, windowMs: 3_600_000 },
    ...extra,
  });
  await built.init();
  return { ...built, clock, audit, alerts };
}

const RECORD_ACTIONS: [Action, ...Action[]] = ['read', 'create', 'update', 'delete', 'export'];

export function principal(userId: string, roles: string[], grants: Grant[], department = 'sales'): Principal {
  return { userId, login: userId, roles, department, locale: 'en', grants };
}

/** Everything on every record and form: the admin. */
export const admin = principal(
  'admin',
  ['admin'],
  [{ resource: '*', actions: [...RECORD_ACTIONS, 'admin'] }],
  'hq',
);

/** An analyst who manages forms. */
export const analyst = principal(
  'ana',
  ['analyst'],
  [{ resource: 'forms', actions: ['read', 'update'] }],
  'it',
);

/** An employee who works on their own records of every form. */
export function employee(userId: string, extra: Partial<Grant> = {}, roles = ['employee']): Principal {
  return principal(userId, roles, [
    { resource: 'record:*', actions: RECORD_ACTIONS, rows: { type: 'own' }, ...extra },
  ]);
}

export function actor(who: Principal, resource: string, action: Action): DecidedActor {
  return { principal: who, decision: resolveAccess(who, resource, action), requestId: 'req-1' };
}

/** The actor for an action on records of a form. */
export const on = (who: Principal, form: string, action: Action): DecidedActor =>
  actor(who, `record:${form}`, action);

export const formsActor = (who: Principal, action: Action = 'update'): DecidedActor =>
  actor(who, 'forms', action);
