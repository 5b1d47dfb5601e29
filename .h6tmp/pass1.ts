import { readJournal } from '#engine/adapters/store/embedded/journal-reader.ts';
for (const name of ['audit', 'record_history', 'records.crm-activity']) {
  const file = `/tmp/forma-company-1/${name}.jsonl`;
  let t = performance.now();
  const ids = new Map<string, number>();
  readJournal(file, { verify: true }, (op) => { if (op.t === 'put') ids.set(op.id, op.at); });
  const p1 = performance.now() - t;
  t = performance.now();
  let n = 0;
  readJournal(file, { verify: false }, (op, text) => { if (op.t === 'put') { JSON.parse(text()); n++; } });
  console.log(name, ids.size, 'pass1', Math.round(p1), 'ms; parse all', Math.round(performance.now() - t), 'ms');
}
