// A load generator for `bench:forms` (part "http"), run as its own process so that the server
// process under test has its core to itself: POSTs expense claims (forms-fixtures.ts payloads,
// 10 % invalid) to LOAD_URL with the session cookie LOAD_COOKIE, LOAD_CONCURRENCY requests in
// flight, until LOAD_N requests were answered. Prints one JSON line: count, ms, statuses.
import { payload } from './forms-fixtures.ts';

const url = process.env.LOAD_URL!;
const cookie = process.env.LOAD_COOKIE!;
const n = Number(process.env.LOAD_N ?? 2000);
const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 32);
const offset = Number(process.env.LOAD_OFFSET ?? 0);

const statuses: Record<string, number> = {};
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ data: payload(offset + i) }),
      });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  }),
);
console.log(JSON.stringify({ count: n, ms: performance.now() - t0, statuses }));
