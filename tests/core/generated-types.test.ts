// schemas/generated/index.ts must be exactly what `npm run gen:types` makes from schemas/*.schema.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '#scripts/gen-types.ts';

describe('generated types', () => {
  it('are up to date with schemas/ (run `npm run gen:types` if this fails)', async () => {
    const committed = readFileSync(join(import.meta.dirname, '../../schemas/generated/index.ts'), 'utf8');
    expect(await generateTypes()).toBe(committed);
  });

  it('declare the platform types other folders import', async () => {
    const generated = await generateTypes();
    for (const name of [
      'ModuleManifest',
      'FormDefinition',
      'RecordEnvelope',
      'FlowBinding',
      'Task',
      'User',
      'Department',
      'Role',
      'Permission',
      'Report',
      'Automation',
      'ApiErrorReply',
    ]) {
      expect(generated).toMatch(new RegExp(`export (interface|type) ${name}\\b`));
    }
  });
});
