// Which MongoDB-wire server the adapter talks to, for benchmarks and diagnostics: MongoDB with its
// version, or FerretDB with its version and storage backend. FerretDB does not report its backend
// in any command, but `explain` hands back the backend's own plan: PostgreSQL's EXPLAIN (an
// object with a "Node Type") or SQLite's EXPLAIN QUERY PLAN (a list of lines).
import type { Db } from 'mongodb';

export interface ServerInfo {
  product: 'MongoDB' | 'FerretDB';
  version: string;
  /** FerretDB's storage backend; undefined for MongoDB or when it cannot be told. */
  backend?: 'PostgreSQL' | 'SQLite';
  /** e.g. "FerretDB v1.24.2 on PostgreSQL" or "MongoDB 7.0.14". */
  label: string;
}

/** A probe collection of its own per call: processes that connect at once do not drop each other's. */
const probeName = (): string => `_server_probe_${Math.random().toString(36).slice(2, 10)}`;

export async function describeServer(db: Db): Promise<ServerInfo> {
  const info = await db.admin().command({ buildInfo: 1 });
  if (!('ferretdbVersion' in info)) {
    const version = String(info.version);
    return { product: 'MongoDB', version, label: `MongoDB ${version}` };
  }
  const version = String(info.ferretdbVersion);
  let backend: ServerInfo['backend'];
  const PROBE = probeName();
  try {
    // explain answers an empty plan for a collection that does not exist: make one, briefly.
    await db.collection(PROBE).insertOne({});
    const explained = await db.command({ explain: { find: PROBE, filter: {} } });
    const plan = (explained.queryPlanner as { Plan?: unknown } | undefined)?.Plan;
    if (Array.isArray(plan)) backend = 'SQLite';
    else if (plan && typeof plan === 'object' && 'Node Type' in plan) backend = 'PostgreSQL';
  } finally {
    await db.dropCollection(PROBE).catch(() => undefined);
  }
  return {
    product: 'FerretDB',
    version,
    ...(backend ? { backend } : {}),
    label: `FerretDB ${version} on ${backend ?? 'an unknown backend'}`,
  };
}
