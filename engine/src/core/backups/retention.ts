// Which verified backups to keep: the newest `keepLast`, and the newest of each of the latest
// `keepWeekly` ISO weeks that have one (a grandfather-father-son rotation cut to two levels —
// enough to go back a month without keeping thirty files). The newest verified backup is always
// kept (`keepLast` is at least 1), so retention can never leave an installation without one;
// backups that were not verified are never candidates (they have no file to keep: a failed run
// removes its own).
export interface RetentionPolicy {
  /** The most recent verified backups kept (≥ 1). */
  keepLast: number;
  /** Also keep the newest verified backup of each of this many most recent weeks (≥ 0). */
  keepWeekly: number;
}

export interface RetainedBackup {
  id: string;
  /** When the backup was made (ms since the epoch). */
  createdAt: number;
}

/** The ISO week a moment falls in, as `<year>-W<week>` (weeks start on Monday, UTC). */
export function isoWeek(at: number): string {
  const d = new Date(at);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // The Thursday of the same week decides its year (ISO 8601).
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ids of the verified backups the policy no longer keeps. */
export function backupsToPrune(verified: readonly RetainedBackup[], policy: RetentionPolicy): string[] {
  const newest = [...verified].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  const keep = new Set(newest.slice(0, Math.max(1, policy.keepLast)).map((b) => b.id));
  const weeks = new Set<string>();
  for (const b of newest) {
    if (weeks.size >= policy.keepWeekly) break;
    const week = isoWeek(b.createdAt);
    if (weeks.has(week)) continue;
    weeks.add(week);
    keep.add(b.id);
  }
  return newest.filter((b) => !keep.has(b.id)).map((b) => b.id);
}
