// module.json: the format, the id (the folder's name), dependencies, the settings schema and its
// defaults, and the roles the module brings (with their grants on platform resources).
import type { ModuleManifest } from '#schemas/generated/index.ts';
import { validateWith } from '../platform-schemas.ts';
import { isValidRange } from '../semver.ts';
import type { ModuleCheck } from './context.ts';
import { FORMAT_1_FILE } from './layout.ts';

const FILE = 'module.json';

/** A folder in module format 1 (no `format` in its manifest, and that format's folders), reported. */
export function isFormat1(check: ModuleCheck): boolean {
  let format: unknown;
  try {
    format = (JSON.parse(check.read(FILE) ?? '{}') as { format?: unknown }).format;
  } catch {
    return false; // reported by checkManifest
  }
  if (format !== undefined || ![...check.files.keys()].some((f) => FORMAT_1_FILE.test(f))) return false;
  check.add(
    FILE,
    '',
    'MODULE_FORMAT_1',
    'this module is written in module format 1 (schemas/, forms/, i18n/, permissions/): move each form into doctypes/<name>/ and add "format": 2 (docs/modules.md, "From format 1")',
    '此模块使用第 1 版模块格式（schemas/、forms/、i18n/、permissions/）：请将每个表单移入 doctypes/<名称>/ 并添加 "format": 2（见 docs/modules.md“从第 1 版迁移”）',
  );
  return true;
}

/** The manifest when it can be read and fits its schema; problems otherwise. */
export function checkManifest(check: ModuleCheck): ModuleManifest | undefined {
  if (check.read(FILE) === undefined) {
    check.add(FILE, '', 'MANIFEST_MISSING', 'module.json is missing', '缺少 module.json');
    return undefined;
  }
  const manifest = check.json<ModuleManifest>(FILE);
  if (manifest === undefined) return undefined;
  if (!check.schema(FILE, 'manifest', manifest)) return undefined;
  check.id = manifest.id;
  if (manifest.id !== check.module)
    check.add(
      FILE,
      '/id',
      'MODULE_ID_MISMATCH',
      `the id "${manifest.id}" differs from the folder name "${check.module}"`,
      `模块 ID“${manifest.id}”与目录名“${check.module}”不一致`,
    );
  checkDepends(check, manifest);
  checkSettings(check, manifest);
  (manifest.roles ?? []).forEach((role, i) =>
    (role.grants ?? []).forEach((grant, j) =>
      check.grants.push({ role: role.id, grant, file: FILE, path: `/roles/${i}/grants/${j}` }),
    ),
  );
  return manifest;
}

function checkDepends(check: ModuleCheck, manifest: ModuleManifest): void {
  (manifest.depends ?? []).forEach((d, i) => {
    if (d.version && !isValidRange(d.version))
      check.add(
        FILE,
        `/depends/${i}/version`,
        'VERSION_RANGE_INVALID',
        `"${d.version}" is not a version range`,
        `“${d.version}”不是有效的版本范围`,
      );
    if (d.id === manifest.id)
      check.add(
        FILE,
        `/depends/${i}/id`,
        'DEPENDS_ON_ITSELF',
        'a module cannot depend on itself',
        '模块不能依赖自身',
      );
  });
}

function checkSettings(check: ModuleCheck, manifest: ModuleManifest): void {
  if (!manifest.settingsSchema) return;
  const result = validateWith(manifest.settingsSchema, manifest.defaultSettings ?? {});
  if (typeof result === 'string')
    check.add(
      FILE,
      '/settingsSchema',
      'SETTINGS_SCHEMA_INVALID',
      `the settings schema does not compile: ${result}`,
      `设置的 JSON Schema 无法编译：${result}`,
    );
  else
    for (const p of result)
      check.add(
        FILE,
        `/defaultSettings${p.path}`,
        'SETTINGS_INVALID',
        `default settings${p.path} ${p.message}`,
        `默认设置${p.path}不符合要求：${p.message}`,
      );
  // A label for a setting the schema does not have is a typo the admin would never see.
  const properties: object = (manifest.settingsSchema as { properties?: object }).properties ?? {};
  for (const name of Object.keys(manifest.settingsLabels ?? {}))
    if (!(name in properties))
      check.add(
        FILE,
        `/settingsLabels/${name}`,
        'SETTINGS_LABEL_UNKNOWN',
        `"${name}" is not a setting of the settings schema`,
        `“${name}”不是设置 JSON Schema 中的设置项`,
      );
}
