// Checks a module folder and assembles its definition (pure: the files come in as text). Every
// problem names the file and the place inside it (JSON pointer, or '#elementId' in BPMN), in
// English and Chinese, and all of them are reported at once. `npm run check:modules` and the
// module service at startup both run it; a module with problems is left disabled.
//
// One section of the format per file under check/, in the order their references need:
//   layout → module.json → doctypes/ (+ their links, makes and print formats) → reports/ + dashboards/
//   → rules/ (+ documents' submit checks) → decisions/ → flows/ → automations/
//   → catalogue entries → seed/ → calendars/ → grants (gathered from all of the above)
import { createHash } from 'node:crypto';
import { checkAutomations } from './check/automations.ts';
import { checkCalendars } from './check/calendars.ts';
import { ModuleCheck } from './check/context.ts';
import { checkDecisions } from './check/decisions.ts';
import { checkDoctypes } from './check/doctypes.ts';
import { checkLinks, checkPrintFormats } from './check/documents.ts';
import { checkEntries } from './check/entries.ts';
import { checkFlows } from './check/flows.ts';
import { checkGrants } from './check/grants.ts';
import { fileKinds, filesOf } from './check/layout.ts';
import { checkMakes } from './check/makes.ts';
import { checkManifest, isFormat1 } from './check/manifest.ts';
import { checkDashboards, checkReports } from './check/reports.ts';
import { checkRules } from './check/rules.ts';
import { checkSeeds } from './check/seeds.ts';
import { checkSubmitChecks } from './check/submit-checks.ts';
import type { CheckLookups, ModuleDefinition, ModuleFiles, ModuleProblem } from './definition.ts';

export interface CheckResult {
  id: string;
  version?: string;
  /** Set when nothing is wrong. */
  module?: ModuleDefinition;
  problems: ModuleProblem[];
}

/** Checks a module folder; `module` is set when nothing is wrong. */
export async function checkModule(input: ModuleFiles, lookups: CheckLookups): Promise<CheckResult> {
  const check = new ModuleCheck(input.folder, input.files, lookups);
  // A folder of module format 1 gets one problem saying so, not one per file out of place.
  if (isFormat1(check)) return { id: input.folder, problems: check.problems };
  const kinds = fileKinds(check);
  const manifest = checkManifest(check);
  if (!manifest) return { id: input.folder, problems: check.problems };
  const { forms, compiled } = checkDoctypes(check, kinds);
  checkLinks(check, forms);
  checkMakes(check, forms);
  const printFormats = checkPrintFormats(
    check,
    filesOf(kinds, 'doctype-print'),
    filesOf(kinds, 'print'),
    compiled,
  );
  const reports = checkReports(check, filesOf(kinds, 'report'));
  const dashboards = checkDashboards(check, filesOf(kinds, 'dashboard'));
  checkRules(check, filesOf(kinds, 'rule'));
  checkSubmitChecks(check, forms);
  const decisions = await checkDecisions(check, filesOf(kinds, 'decision'));
  const flows = await checkFlows(check, filesOf(kinds, 'flow'));
  const automations = checkAutomations(check, filesOf(kinds, 'automation'));
  checkEntries(check, manifest);
  const seeds = checkSeeds(check, filesOf(kinds, 'seed'), compiled, manifest.entries ?? []);
  const calendars = checkCalendars(check, filesOf(kinds, 'calendar'));
  const grants = checkGrants(check, new Set((manifest.roles ?? []).map((r) => r.id)));

  const version = manifest.version;
  if (check.problems.length) return { id: manifest.id, version, problems: check.problems };
  return {
    id: manifest.id,
    version,
    problems: [],
    module: {
      manifest,
      forms,
      flows,
      decisions,
      grants,
      rules: [...check.rules.values()],
      automations,
      reports,
      dashboards,
      printFormats,
      seeds,
      calendars,
      hash: folderHash(input),
    },
  };
}

/** SHA-256 over every file: a changed definition with an unchanged version is still noticed. */
function folderHash(input: ModuleFiles): string {
  const hash = createHash('sha256');
  for (const path of [...input.files.keys()].sort())
    hash.update(path).update('\0').update(input.files.get(path)!).update('\0');
  return hash.digest('hex');
}
