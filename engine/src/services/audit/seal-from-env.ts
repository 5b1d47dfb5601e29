// The audit keys and anchor file of the configured installation, for the commands that open the
// store without composing the platform (`npm run backup`, `npm run restore`): a backup's manifest
// gets the sealed head, a restore records itself in the sealed chain — as the running platform does.
import type { AuditLogOptions } from './audit-log.ts';
import { AnchorFile } from './anchor-file.ts';
import { auditConfigFromEnv, loadAuditKeys } from './audit-config.ts';

export function auditSealFromEnv(
  config: { mode: 'embedded' | 'distributed'; dataDir: string },
  env: NodeJS.ProcessEnv = process.env,
): Required<Pick<AuditLogOptions, 'keys' | 'anchors'>> {
  const audit = auditConfigFromEnv(config, env);
  return {
    keys: loadAuditKeys(audit, env).keys,
    anchors: audit.anchorDir ? new AnchorFile(audit.anchorDir) : null,
  };
}
