// Platform configuration from the environment. The run mode follows from it: MONGODB_URL and
// REDIS_URL together select the distributed mode; neither selects the embedded mode.
import { resolve } from 'node:path';

export type RunMode = 'embedded' | 'distributed';

export interface PlatformConfig {
  mode: RunMode;
  port: number;
  host: string;
  /** Embedded mode: directory of the store's journals. */
  dataDir: string;
  mongodbUrl?: string;
  redisUrl?: string;
  /** fdatasync every embedded write (survives power loss; slower). */
  embeddedFsync: boolean;
  /**
   * Where file contents live on disk (BLOB_DIR). Embedded mode: default DATA_DIR/blobs.
   * Distributed mode: unset means GridFS in MongoDB; set, a directory every replica mounts.
   */
  blobDir?: string;
  /** Embedded mode: MiB of documents kept in memory (EMBEDDED_CACHE_MB; the store's default when absent). */
  embeddedCacheMb?: number;
}

export class ConfigError extends Error {}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be 0-65535, got "${env.PORT}"`);
  const mongodbUrl = env.MONGODB_URL || undefined;
  const redisUrl = env.REDIS_URL || undefined;
  if (Boolean(mongodbUrl) !== Boolean(redisUrl))
    throw new ConfigError(
      'The distributed mode needs both MONGODB_URL and REDIS_URL; set neither for the embedded mode.',
    );
  const cacheMb = env.EMBEDDED_CACHE_MB ? Number(env.EMBEDDED_CACHE_MB) : undefined;
  if (cacheMb !== undefined && !(Number.isInteger(cacheMb) && cacheMb >= 16))
    throw new ConfigError(
      `EMBEDDED_CACHE_MB must be a whole number of MiB, at least 16; got "${env.EMBEDDED_CACHE_MB}"`,
    );
  return {
    mode: mongodbUrl ? 'distributed' : 'embedded',
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.DATA_DIR || 'data'),
    ...(mongodbUrl ? { mongodbUrl } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    embeddedFsync: env.EMBEDDED_FSYNC === '1',
    ...(cacheMb !== undefined ? { embeddedCacheMb: cacheMb } : {}),
    ...(env.BLOB_DIR ? { blobDir: resolve(env.BLOB_DIR) } : {}),
  };
}
