// Where the audit key and anchors live: never inside DATA_DIR; the embedded mode makes its key file
// beside the data on first start, the distributed mode only reads AUDIT_KEY (or a key file given).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '#engine/config.ts';
import { auditConfigFromEnv, loadAuditKeys } from '#engine/services/audit/audit-config.ts';
import { tempDir } from '../../support/temp-dir.ts';

describe('audit key and anchor configuration', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  const fresh = () => {
    const d = tempDir('audit-config');
    dirs.push(d);
    return d.dir;
  };

  it('embedded: key file and anchors beside DATA_DIR, the key made once with mode 0600', () => {
    const data = join(fresh(), 'data');
    const config = auditConfigFromEnv({ mode: 'embedded', dataDir: data }, {});
    expect(config).toMatchObject({
      keyFile: `${data}-audit/audit-keys.json`,
      anchorDir: `${data}-audit`,
      anchorEveryMs: 60_000,
      mailEveryMs: 24 * 3600_000,
    });
    const made = loadAuditKeys(config, {});
    expect(made).toMatchObject({ generated: true, source: config.keyFile });
    expect(statSync(config.keyFile!).mode & 0o777).toBe(0o600);
    const again = loadAuditKeys(config, {});
    expect(again.generated).toBe(false);
    expect(again.keys!.activeId).toBe(made.keys!.activeId);
  });

  it('refuses an audit directory, key file or anchor directory inside DATA_DIR', () => {
    const data = join(fresh(), 'data');
    for (const env of [
      { AUDIT_DIR: join(data, 'audit') },
      { AUDIT_KEY_FILE: join(data, 'k.json') },
      { AUDIT_ANCHOR_DIR: data },
    ])
      expect(() => auditConfigFromEnv({ mode: 'embedded', dataDir: data }, env)).toThrow(ConfigError);
    expect(() =>
      auditConfigFromEnv({ mode: 'embedded', dataDir: data }, { AUDIT_ANCHOR_SECONDS: '-1' }),
    ).toThrow(/AUDIT_ANCHOR_SECONDS/);
  });

  it('distributed: AUDIT_KEY, never a key file made up by one replica', () => {
    const dir = fresh();
    const none = auditConfigFromEnv({ mode: 'distributed', dataDir: '' }, { AUDIT_DIR: dir });
    expect(loadAuditKeys(none, {})).toMatchObject({ keys: null, generated: false });
    expect(existsSync(join(dir, 'audit-keys.json'))).toBe(false);
    const env = {
      AUDIT_KEY: `a2:${Buffer.alloc(32, 2).toString('base64')},a1:${Buffer.alloc(32, 1).toString('base64')}`,
    };
    const keys = loadAuditKeys(auditConfigFromEnv({ mode: 'distributed', dataDir: '' }, env), env).keys!;
    expect(keys.ids).toEqual(['a2', 'a1']);
    expect(() => loadAuditKeys(none, { AUDIT_KEY: 'a1:short' })).toThrow(ConfigError);
    expect(() => loadAuditKeys(none, { AUDIT_KEY_FILE: join(dir, 'missing.json') })).toThrow(
      /does not exist/,
    );
  });
});
