// The MongoDB adapter's write mode on a FerretDB whose backend was unknown at connect (a fresh
// server has no collection for `explain`): cautious until a later probe tells the backend.
import { describe, expect, it } from 'vitest';
import { WriteMode } from '#engine/adapters/store/mongodb/write-mode.ts';

describe('WriteMode', () => {
  it('stays read-check-write until the backend is known, probing at most once per interval', async () => {
    const answers: Array<boolean | undefined> = [undefined, false];
    let probes = 0;
    const mode = new WriteMode(true, () => Promise.resolve(answers[probes++]), 30);
    expect(await Promise.all([mode.readCheckWrite(), mode.readCheckWrite()])).toEqual([true, true]);
    expect(probes).toBe(1); // concurrent writes share one probe; the next waits for the interval
    expect(await mode.readCheckWrite()).toBe(true);
    expect(probes).toBe(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(await mode.readCheckWrite()).toBe(false); // PostgreSQL: one filtered command
    await new Promise((r) => setTimeout(r, 40));
    expect(await mode.readCheckWrite()).toBe(false);
    expect(probes).toBe(2); // known: no more probes
  });

  it('keeps the cautious mode when a probe fails, and a known mode never probes', async () => {
    const failing = new WriteMode(true, () => Promise.reject(new Error('server gone')), 0);
    expect(await failing.readCheckWrite()).toBe(true);
    const fixed = new WriteMode(false, null);
    expect(await fixed.readCheckWrite()).toBe(false);
  });
});
