// Prints one plain line CI can read at the very end of a run: `N passed, N failed` (skipped
// tests, if any, are counted on the line before it).
// A test file that fails to load (or an unhandled error) counts as a failure, so a broken
// file can never hide behind "0 failed".
// Before it, the slowest files (import + tests + hooks), so a CI log shows where the suite's time goes.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let moduleFailedTests = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') {
          failed++;
          moduleFailedTests++;
        } else skipped++;
      }
      // A file that failed outside any test (import failure, a throwing beforeAll — whose tests
      // then report as skipped) counts once, so it can never pass as "0 failed".
      if (moduleFailedTests === 0 && (!mod.ok() || mod.errors().length > 0)) failed++;
    }
    failed += unhandledErrors.length;
    const skippedLine = skipped > 0 ? `${skipped} skipped\n` : '';
    process.stdout.write(`${slowestFiles(testModules)}\n${skippedLine}${passed} passed, ${failed} failed\n`);
  }
}

const SLOWEST_SHOWN = 12;

function slowestFiles(testModules: ReadonlyArray<TestModule>): string {
  const timed = testModules.map((mod) => {
    const d = mod.diagnostic();
    return { file: mod.relativeModuleId, ms: d.collectDuration + d.duration };
  });
  timed.sort((a, b) => b.ms - a.ms);
  const lines = timed
    .slice(0, SLOWEST_SHOWN)
    .map((t) => `  ${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.file}`);
  return lines.length > 0 ? `\nslowest test files:\n${lines.join('\n')}\n` : '';
}
