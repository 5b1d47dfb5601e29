// Three years of a 100-person company, written straight into a DocumentStore for the scale
// benchmark (bench/embedded-scale.bench.ts): the collections the platform writes, in their shapes
// and with the indexes their services declare.
//
// Volumes (scale 1, ≈ 2.1 million documents), from a company of 100 over 750 working days:
// - records of seven request/business forms, ≈ 300,000: expense claims (5 per person a month),
//   purchase and leave requests, sales orders, CRM activities (the bulk: ~200 a day), bank lines,
//   invoices — made by the records service's own `newRecord` (search tokens, numeric shadows,
//   blind indexes of sensitive fields, lastChange);
// - record_history ≈ 600,000: two later changes per record on average;
// - audit ≈ 1,000,000: a hash-chained entry per write and per login (chain.ts hashes);
// - flow_instances 30,000 and tasks 60,000 (two approval steps per request);
// - ledger_vouchers 50,000, notifications 60,000.
// `scale` multiplies every volume (0.01 for a quick check).
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { keyringFromEnv } from '#engine/core/crypto/keyring.ts';
import { entryHash, entryId, GENESIS_HASH } from '#engine/core/audit/chain.ts';
import { recordIndexSpecs } from '#engine/core/forms/record-indexes.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import { createFormsAndRecords } from '#engine/services/records/index.ts';
import { RECORD_HISTORY, type HistoryEntry } from '#engine/services/records/record-docs.ts';
import { claimData, expenseClaim } from '#tests/core/forms/fixtures.ts';

export const COMPANY_START = Date.parse('2023-01-02T01:00:00Z');
const SPAN_MS = 3 * 365 * 24 * 3600_000;
const EMPLOYEES = 100;

/** Records per form at scale 1. */
const FORMS: Record<string, number> = {
  'expense-claim': 18_000,
  'purchase-request': 6_000,
  'leave-request': 5_400,
  'sales-order': 30_000,
  'crm-activity': 160_000,
  'bank-line': 60_000,
  invoice: 20_000,
};
const HISTORY_PER_RECORD = 2;
const LOGINS = 75_000;
const INSTANCES = 30_000;
const NOTIFICATIONS = 60_000;
const VOUCHERS = 50_000;
const BATCH = 2_000;

const WORDS = [
  'trip',
  'hotel',
  'taxi',
  'client',
  'order',
  'paper',
  'flight',
  '深圳',
  '北京',
  '会议',
  '培训',
  '合同',
];
const user = (i: number): string => `u${String(i % EMPLOYEES).padStart(3, '0')}`;
const iso = (ms: number): string => new Date(ms).toISOString();

const admin: Principal = {
  userId: 'bench',
  login: 'bench',
  roles: ['admin'],
  locale: 'en',
  grants: [{ resource: '*', actions: ['read', 'create', 'update', 'delete', 'export'] }],
};

type Doc = Record<string, unknown> & { id: string };

/** Writes documents in batches; returns how many. */
async function fill(
  store: DocumentStore,
  name: string,
  n: number,
  make: (i: number) => Doc,
  log: (line: string) => void,
): Promise<number> {
  const col = store.collection(name);
  for (let start = 0; start < n; start += BATCH) {
    const docs: Doc[] = [];
    for (let i = start; i < Math.min(n, start + BATCH); i++) docs.push(make(i));
    await col.insertMany(docs);
    if ((start / BATCH) % 100 === 99) log(`  ${name}: ${start + BATCH}`);
  }
  return n;
}

export async function buildCompany(
  store: DocumentStore,
  scale: number,
  log: (line: string) => void = () => {},
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const clock = new ManualClock(COMPANY_START);
  const s = createFormsAndRecords({
    store,
    clock,
    keyring: keyringFromEnv(process.env.ENCRYPTION_KEY as string),
  });
  await s.init();
  const create = { principal: admin, decision: resolveAccess(admin, 'record:*', 'create') };
  let records = 0;
  const histories: Array<{ form: string; id: string; at: number }> = [];
  for (const [formId, perScale] of Object.entries(FORMS)) {
    await s.forms.publishDefinition(
      { principal: admin, decision: resolveAccess(admin, 'forms', 'update') },
      expenseClaim({ id: formId, indexes: ['data.category', { fields: ['data.payee.city', 'createdAt'] }] }),
    );
    const form = await s.forms.current(formId);
    for (const spec of recordIndexSpecs(form.definition, form.fields))
      await s.records.collection(formId).ensureIndex(spec);
    const n = Math.round(perScale * scale);
    counts[`records.${formId}`] = await fill(
      store,
      `records.${formId}`,
      n,
      (i) => {
        const at = COMPANY_START + Math.floor((i * SPAN_MS) / n);
        clock.set(at);
        const data = claimData({
          title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${i}`,
          category: ['travel', 'meals', 'office'][i % 3],
          phone: `13${String(100_000_000 + ((i * 7919) % 900_000_000)).padStart(9, '0')}`,
          payee: { name: `Payee ${i % 500}`, city: `City${i % 50}` },
        });
        const { data: valid } = s.records.validate(form, data);
        const id = `${formId}-${String(i).padStart(7, '0')}`;
        histories.push({ form: formId, id, at });
        return s.records.newRecord(
          { ...create, principal: { ...admin, userId: user(i), department: `d${i % 8}` } },
          form,
          valid,
          { id, owner: user(i) },
        ) as unknown as Doc;
      },
      log,
    );
    records += n;
  }

  // Two later changes per record: the entries that moved out of `lastChange` into the history.
  const nHistory = Math.round(records * HISTORY_PER_RECORD);
  await store.collection(RECORD_HISTORY).ensureIndex({ fields: [['recordId', 1]] });
  counts[RECORD_HISTORY] = await fill(
    store,
    RECORD_HISTORY,
    nHistory,
    (i) => {
      const r = histories[i % histories.length] as { form: string; id: string; at: number };
      const rev = 1 + Math.floor(i / histories.length);
      const entry: HistoryEntry = {
        id: `${r.id}:${rev}`,
        recordId: r.id,
        form: r.form,
        recordRev: rev,
        action: rev === 1 ? 'create' : 'update',
        at: iso(r.at + rev * 3_600_000),
        by: user(i),
        changes: [
          { path: '/status', before: 'submitted', after: rev === 1 ? 'approved' : 'paid' },
          { path: '/payee/city', before: `City${i % 50}`, after: `City${(i + 1) % 50}` },
        ] as unknown as HistoryEntry['changes'],
      };
      return entry as unknown as Doc;
    },
    log,
  );

  // The audit chain: a record.create/update per write, logins and task actions in between.
  const audit = store.collection('audit');
  for (const path of ['actor.userId', 'action', 'resource', 'at'])
    await audit.ensureIndex({ fields: [[path, 1]] });
  const nAudit = records + nHistory + Math.round(LOGINS * scale);
  let prevHash = GENESIS_HASH;
  counts.audit = await fill(
    store,
    'audit',
    nAudit,
    (i) => {
      const seq = i + 1;
      const login = i % 13 === 0;
      const content = {
        id: entryId(seq),
        seq,
        at: iso(COMPANY_START + Math.floor((i * SPAN_MS) / nAudit)),
        actor: { userId: user(i), login: `user${i % EMPLOYEES}` },
        action: login ? 'auth.login' : i % 3 ? 'record.update' : 'record.create',
        resource: login ? 'auth' : `record:${Object.keys(FORMS)[i % 7]}`,
        ...(login ? {} : { resourceId: `r-${i}` }),
        outcome: 'success' as const,
        requestId: `req-${i.toString(36)}`,
        ip: `10.0.${i % 250}.${i % 200}`,
        ...(login
          ? {}
          : {
              before: 'a'.repeat(64),
              after: 'b'.repeat(64),
              changed: ['data', 'updatedAt', 'updatedBy'],
            }),
        prevHash,
      };
      const hash = entryHash(content);
      prevHash = hash;
      return { ...content, hash };
    },
    log,
  );

  const instances = store.collection('flow_instances');
  for (const f of [
    ['processId', 'version', 'status'],
    ['status'],
    ['nextDueAt'],
    ['outboxAt'],
    ['incidentCount'],
    ['startedBy'],
    ['businessKey'],
  ])
    await instances.ensureIndex({ fields: f.map((p) => [p, 1] as const) });
  const nInstances = Math.round(INSTANCES * scale);
  counts.flow_instances = await fill(
    store,
    'flow_instances',
    nInstances,
    (i) => {
      const at = COMPANY_START + Math.floor((i * SPAN_MS) / nInstances);
      return {
        id: `inst-${i}`,
        processId: ['expense-approval', 'purchase-approval', 'leave-approval'][i % 3],
        version: 1 + (i % 4),
        status: i % 50 === 0 ? 'active' : 'completed',
        businessKey: `expense-claim-${String(i).padStart(7, '0')}`,
        startedBy: user(i),
        startedAt: iso(at),
        endedAt: iso(at + 86_400_000),
        variables: {
          amount: (i * 37) % 9000,
          requester: { id: user(i), department: `d${i % 8}` },
          approval: { outcome: 'approved' },
        },
        tokens: [],
        visited: ['start', 'manager', 'gw', 'finance', 'end'].map((element, k) => ({
          element,
          at: iso(at + k * 3_600_000),
        })),
        nextDueAt: null,
        outbox: {},
        outboxAt: null,
        incidentCount: 0,
      };
    },
    log,
  );

  const tasks = store.collection('tasks');
  for (const f of [
    ['instanceId'],
    ['state', 'assignee'],
    ['state', 'candidateGroups'],
    ['state', 'candidateUsers'],
    ['completedBy'],
    ['actedBy'],
  ])
    await tasks.ensureIndex({ fields: f.map((p) => [p, 1] as const) });
  counts.tasks = await fill(
    store,
    'tasks',
    nInstances * 2,
    (i) => {
      const at = COMPANY_START + Math.floor((i * SPAN_MS) / (nInstances * 2));
      return {
        id: `task-${i}`,
        instanceId: `inst-${i >> 1}`,
        elementId: i % 2 ? 'finance' : 'manager',
        name: { en: i % 2 ? 'Finance review' : 'Manager approval', 'zh-CN': i % 2 ? '财务审核' : '经理审批' },
        state: i % 100 === 0 ? 'open' : 'completed',
        assignee: user(i + 7),
        candidateGroups: i % 2 ? ['finance'] : [],
        candidateUsers: [],
        createdAt: iso(at),
        completedAt: iso(at + 7_200_000),
        completedBy: user(i + 7),
        actedBy: [user(i + 7)],
        outcome: 'approved',
        comments: i % 5 ? [] : [{ by: user(i + 7), at: iso(at + 3_600_000), text: 'OK, within budget' }],
      };
    },
    log,
  );

  const vouchers = store.collection('ledger_vouchers');
  await vouchers.ensureIndex({
    fields: [
      ['book', 1],
      ['period', 1],
    ],
  });
  await vouchers.ensureIndex({ fields: [['source.id', 1]] });
  await vouchers.ensureIndex({ fields: [['lines.account', 1]] });
  await vouchers.ensureIndex({ fields: [['uniqueKey', 1]], unique: true, sparse: true });
  const nVouchers = Math.round(VOUCHERS * scale);
  counts.ledger_vouchers = await fill(
    store,
    'ledger_vouchers',
    nVouchers,
    (i) => {
      const at = COMPANY_START + Math.floor((i * SPAN_MS) / nVouchers);
      const amount = `${1 + ((i * 131) % 9000)}.${String(i % 100).padStart(2, '0')}`;
      return {
        id: `v-${i}`,
        book: 'main',
        number: i + 1,
        date: iso(at).slice(0, 10),
        period: iso(at).slice(0, 7),
        description: `${WORDS[i % WORDS.length]} ${i}`,
        lines: [
          { account: ['6601', '6602', '1122', '2202'][i % 4], debit: amount, credit: '0.00' },
          { account: ['1002', '2241'][i % 2], debit: '0.00', credit: amount },
        ],
        source: { kind: 'record', form: 'expense-claim', id: `expense-claim-${String(i).padStart(7, '0')}` },
        uniqueKey: `src:${i}`,
        postedAt: iso(at),
        postedBy: user(i),
      };
    },
    log,
  );

  const notifications = store.collection('notifications');
  await notifications.ensureIndex({
    fields: [
      ['userId', 1],
      ['read', 1],
    ],
  });
  await notifications.ensureIndex({
    fields: [
      ['userId', 1],
      ['createdAt', -1],
    ],
  });
  const nNotifications = Math.round(NOTIFICATIONS * scale);
  counts.notifications = await fill(
    store,
    'notifications',
    nNotifications,
    (i) => ({
      id: `n-${i}`,
      userId: user(i),
      kind: 'task.assigned',
      title: { en: 'A request waits for your approval', 'zh-CN': '有申请等待您审批' },
      link: `/tasks/task-${i}`,
      read: i % 10 !== 0,
      createdAt: iso(COMPANY_START + Math.floor((i * SPAN_MS) / nNotifications)),
    }),
    log,
  );
  return counts;
}
