// Which MongoDB-wire server the adapter talks to, for benchmarks and diagnostics: MongoDB with its
// version, or FerretDB with its version and storage backend. FerretDB does not report its backend
// in any command, but `explain` hands back the backend's own plan: PostgreSQL's EXPLAIN (an
// object with a "Node Type") or SQLite's EXPLAIN QUERY PLAN (a list of lines). It needs an
// existing collection (an empty server's backend stays unknown).
import type { Db } from 'mongodb';

export interface ServerInfo {
  product: 'MongoDB' | 'FerretDB';
  version: string;
  /** FerretDB's storage backend; undefined for MongoDB or when it cannot be told. */
  backend?: 'PostgreSQL' | 'SQLite';
  /** e.g. "FerretDB v1.24.2 on PostgreSQL" or "MongoDB 7.0.14". */
  label: string;
}

/**
 * A collection to ask `explain` about: one of this database, else of another one. No collection
 * is created for it: concurrent create-and-drop probes from several connecting processes are DDL
 * that FerretDB serialises, and a connect must not add to it.
 */
async function someCollection(db: Db): Promise<{ db: Db; name: string } | null> {
  const own = await db.listCollections({}, { nameOnly: true }).toArray();
  if (own[0]) return { db, name: own[0].name };
  const { databases } = await db.admin().listDatabases({ nameOnly: true });
  for (const { name } of databases.slice(0, 20)) {
    const other = db.client.db(name);
    const cols = await other.listCollections({}, { nameOnly: true }).toArray();
    if (cols[0]) return { db: other, name: cols[0].name };
  }
  return null;
}

export async function describeServer(db: Db): Promise<ServerInfo> {
  const info = await db.admin().command({ buildInfo: 1 });
  if (!('ferretdbVersion' in info)) {
    const version = String(info.version);
    return { product: 'MongoDB', version, label: `MongoDB ${version}` };
  }
  const version = String(info.ferretdbVersion);
  let backend: ServerInfo['backend'];
  try {
    const target = await someCollection(db);
    if (target) {
      const explained = await target.db.command({ explain: { find: target.name, filter: {}, limit: 1 } });
      const plan = (explained.queryPlanner as { Plan?: unknown } | undefined)?.Plan;
      if (Array.isArray(plan)) backend = 'SQLite';
      else if (plan && typeof plan === 'object' && 'Node Type' in plan) backend = 'PostgreSQL';
    }
  } catch {
    // Unknown backend: the adapter takes the cautious path.
  }
  return {
    product: 'FerretDB',
    version,
    ...(backend ? { backend } : {}),
    label: `FerretDB ${version} on ${backend ?? 'an unknown backend'}`,
  };
}
