// Verifying the audit chain (pure): fed the stored entries in sequence order and the anchors kept
// outside the store, it says whether the log is intact and, if not, which kind of tampering and
// where. It reads the whole chain rather than stopping at the first broken link, because the kind
// shows only in what follows:
//
//   edited     an entry's content no longer matches its seal (changed in place);
//   rewritten  entries re-hashed with the public hash function or without a key after the chain
//              was keyed, or a link that no longer joins two sealed entries;
//   deleted    sequence numbers missing between stored entries;
//   truncated  an anchor saw a later entry than the store holds, or saw a different entry at its
//              number while the stored one carries a valid seal (the log was cut back and went on);
//   unverifiable  entries sealed with an audit key this installation does not have;
//   forged-anchor an anchor whose seal is not one of ours, or a line of the anchor file that is no
//              anchor at all (someone wrote the anchor file).
//
// Entries from before the chain was keyed (no keyId) verify by the public hash up to the first
// sealed entry; that entry's sealed link to them protects them from then on.
import { entryHash, entryId, entrySeal, GENESIS_HASH, type AuditEntry } from './chain.ts';
import type { AuditKeys } from './audit-keys.ts';
import { anchorsInForce, checkAnchor, type AnchorKind, type AuditAnchor } from './anchors.ts';

export const TAMPER_KINDS = [
  'edited',
  'rewritten',
  'deleted',
  'truncated',
  'unverifiable',
  'forged-anchor',
] as const;
export type TamperKind = (typeof TAMPER_KINDS)[number];

export const PROBLEM_REASONS = [
  'hash-mismatch',
  'public-rehash',
  'unkeyed-after-keyed',
  'previous-hash-mismatch',
  'missing-entry',
  'bad-id',
  'anchor-beyond-head',
  'anchor-mismatch',
  'unknown-key',
  'anchor-seal',
  'anchor-damaged',
] as const;
export type ProblemReason = (typeof PROBLEM_REASONS)[number];

export interface ChainProblem {
  kind: TamperKind;
  reason: ProblemReason;
  /** The entries concerned, inclusive (for a truncation: the first and last missing). */
  fromSeq: number;
  toSeq: number;
  /** The anchor that showed it (truncations, forged anchors). */
  anchor?: { kind: AnchorKind; seq: number; at: string };
}

export interface ChainReport {
  ok: boolean;
  /** Entries read. */
  checked: number;
  /** The last entry's sequence number (0: empty). */
  headSeq: number;
  /** The last sequence number before the first problem (headSeq when there is none). */
  lastGoodSeq: number;
  /** The chain's first problem as one link (what older clients read). */
  firstBroken?: { seq: number; id: string; reason: ProblemReason };
  /** Whether this installation has an audit key (without one, rewriting cannot be detected). */
  keyConfigured: boolean;
  /** The first entry sealed with a key; entries before it were written before the chain was keyed. */
  keyedFromSeq?: number;
  legacyEntries: number;
  anchors: {
    /** Anchors compared with the chain. */
    checked: number;
    /** Anchors from before the last restore (they describe the replaced history). */
    superseded: number;
    /** Anchors sealed with a key this installation does not have (not compared). */
    unverifiable: number;
    latest?: { kind: AnchorKind; seq: number; at: string };
  };
  /** What is wrong, in sequence order; adjacent entries with the same problem form one range. */
  problems: ChainProblem[];
}

/** At most this many problem ranges are listed (a rewritten chain is one range anyway). */
const MAX_PROBLEMS = 100;

export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private prevSealed = true;
  private checked = 0;
  private keyedFrom: number | undefined;
  private readonly problems: ChainProblem[] = [];
  /** Anchors in force by the seq they anchor. */
  private readonly bySeq = new Map<number, AuditAnchor[]>();
  private readonly anchorStats: ChainReport['anchors'];
  private lastMatchedAnchorSeq = 0;

  /**
   * @param keys this installation's audit keys (null: none configured)
   * @param anchors the anchor file's anchors in the order written (a restore supersedes those before it)
   * @param extra anchors given for this check (from a backup's manifest, an e-mail): all compared
   * @param damagedLines lines of the anchor file that were not anchors
   */
  constructor(
    private readonly keys: AuditKeys | null,
    anchors: readonly AuditAnchor[] = [],
    extra: readonly AuditAnchor[] = [],
    damagedLines = 0,
  ) {
    if (damagedLines > 0) this.add({ kind: 'forged-anchor', reason: 'anchor-damaged', fromSeq: 0, toSeq: 0 });
    const sealedOk: AuditAnchor[] = [];
    let unverifiable = 0;
    for (const a of [...anchors, ...extra]) {
      const check = keys ? checkAnchor(keys, a) : 'unknown-key';
      if (check === 'ok') sealedOk.push(a);
      else if (check === 'unknown-key') unverifiable++;
      else
        this.add({
          kind: 'forged-anchor',
          reason: 'anchor-seal',
          fromSeq: a.seq,
          toSeq: a.seq,
          anchor: brief(a),
        });
    }
    const fromFile = sealedOk.filter((a) => anchors.includes(a));
    const { inForce, superseded } = anchorsInForce(fromFile);
    const compared = [...inForce, ...sealedOk.filter((a) => !anchors.includes(a))];
    for (const a of compared) this.bySeq.set(a.seq, [...(this.bySeq.get(a.seq) ?? []), a]);
    const latest = compared.reduce<AuditAnchor | undefined>(
      (m, a) => (!m || a.seq > m.seq ? a : m),
      undefined,
    );
    this.anchorStats = {
      checked: compared.length,
      superseded,
      unverifiable,
      ...(latest ? { latest: brief(latest) } : {}),
    };
  }

  /** Feeds the next stored entry (in id order). */
  push(entry: AuditEntry & { rev?: number }): void {
    this.checked++;
    const seq = entry.seq;
    if (!Number.isSafeInteger(seq) || seq < this.expectedSeq || entry.id !== entryId(seq)) {
      // A stored id that is not its sequence number: edited in place (ids order the chain).
      this.add({ kind: 'edited', reason: 'bad-id', fromSeq: this.expectedSeq, toSeq: this.expectedSeq });
      this.expectedSeq++;
      this.prevHash = entry.hash;
      this.prevSealed = false;
      return;
    }
    const gap = seq > this.expectedSeq;
    if (gap)
      this.add({ kind: 'deleted', reason: 'missing-entry', fromSeq: this.expectedSeq, toSeq: seq - 1 });

    const seal = this.sealOf(entry);
    if (seal !== 'ok') this.add({ kind: seal.kind, reason: seal.reason, fromSeq: seq, toSeq: seq });
    else if (!gap && entry.prevHash !== this.prevHash && this.prevSealed)
      // Both entries carry valid seals, yet this one was sealed after another predecessor: the
      // one before it was replaced (a legacy entry re-hashed, or an entry from elsewhere).
      this.add({ kind: 'rewritten', reason: 'previous-hash-mismatch', fromSeq: seq - 1, toSeq: seq - 1 });
    if (seal === 'ok') this.compareAnchors(entry);

    this.prevHash = entry.hash;
    this.prevSealed = seal === 'ok';
    this.expectedSeq = seq + 1;
  }

  report(): ChainReport {
    const headSeq = this.expectedSeq - 1;
    const beyond = [...this.bySeq.values()].flat().filter((a) => a.seq > headSeq);
    if (beyond.length) {
      const furthest = beyond.reduce((m, a) => (a.seq > m.seq ? a : m));
      this.add({
        kind: 'truncated',
        reason: 'anchor-beyond-head',
        fromSeq: headSeq + 1,
        toSeq: furthest.seq,
        anchor: brief(furthest),
      });
    }
    const problems = [...this.problems].sort((a, b) => a.fromSeq - b.fromSeq);
    // The chain's first problem (a forged anchor says nothing about where the chain broke).
    const first = problems.find((p) => p.kind !== 'forged-anchor');
    return {
      ok: problems.length === 0,
      checked: this.checked,
      headSeq,
      lastGoodSeq: first ? Math.min(first.fromSeq - 1, headSeq) : headSeq,
      ...(first
        ? { firstBroken: { seq: first.fromSeq, id: entryId(first.fromSeq), reason: first.reason } }
        : {}),
      keyConfigured: this.keys !== null,
      ...(this.keyedFrom !== undefined ? { keyedFromSeq: this.keyedFrom } : {}),
      legacyEntries: this.keyedFrom !== undefined ? this.keyedFrom - 1 : headSeq,
      anchors: this.anchorStats,
      problems,
    };
  }

  private sealOf(entry: AuditEntry): 'ok' | { kind: TamperKind; reason: ProblemReason } {
    if (entry.keyId !== undefined) {
      this.keyedFrom ??= entry.seq;
      if (!this.keys?.has(entry.keyId)) return { kind: 'unverifiable', reason: 'unknown-key' };
      if (entrySeal(entry, this.keys) === entry.hash) return 'ok';
      // Re-hashed with the public function (the forger lacks the key), or changed in place.
      return entry.hash === entryHash(entry)
        ? { kind: 'rewritten', reason: 'public-rehash' }
        : { kind: 'edited', reason: 'hash-mismatch' };
    }
    if (this.keyedFrom !== undefined) return { kind: 'rewritten', reason: 'unkeyed-after-keyed' };
    // Before the chain was keyed: the public hash. A re-hashed run of such entries hashes and
    // links correctly; it shows at the first sealed entry's link, or at an anchor.
    return entryHash(entry) === entry.hash ? 'ok' : { kind: 'edited', reason: 'hash-mismatch' };
  }

  private compareAnchors(entry: AuditEntry): void {
    for (const anchor of this.bySeq.get(entry.seq) ?? []) {
      if (anchor.hash === entry.hash) {
        this.lastMatchedAnchorSeq = Math.max(this.lastMatchedAnchorSeq, entry.seq);
        continue;
      }
      // A sealed entry other than the one anchored: Forma wrote it after the anchored one was
      // removed — the log was cut back to somewhere after the last matching anchor and went on.
      // An unsealed one where a sealed entry was anchored: the chain was rebuilt without the key.
      this.add({
        kind: entry.keyId === undefined ? 'rewritten' : 'truncated',
        reason: 'anchor-mismatch',
        fromSeq: this.lastMatchedAnchorSeq + 1,
        toSeq: entry.seq,
        anchor: brief(anchor),
      });
    }
  }

  /** Adds a problem, merging it into the previous one when it continues the same range. */
  private add(problem: ChainProblem): void {
    const last = this.problems.at(-1);
    if (
      last &&
      last.kind === problem.kind &&
      last.reason === problem.reason &&
      !problem.anchor &&
      !last.anchor &&
      problem.fromSeq === last.toSeq + 1
    ) {
      last.toSeq = problem.toSeq;
      return;
    }
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }
}

const brief = (a: AuditAnchor): { kind: AnchorKind; seq: number; at: string } => ({
  kind: a.kind,
  seq: a.seq,
  at: a.at,
});
