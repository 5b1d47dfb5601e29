// Anchoring the audit chain's head at intervals: into the anchor file whenever the head moved
// (AUDIT_ANCHOR_SECONDS), once more on shutdown, and to the administrators by e-mail
// (AUDIT_ANCHOR_MAIL_HOURS) — the notification outbox, and with a real gateway their mailboxes,
// are a record of the head that nobody with access to the server alone can take back. An anchor
// in an e-mail can be pasted into Admin → Audit log → Verify to check the chain against it.
//
// Every process that writes the log may anchor (N API replicas each append their own view of
// the head; any of them shows a truncation). The e-mail goes out once per period across
// processes: its notification key is the period.
import type { AuditAnchor } from '#engine/core/audit/anchors.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { NotificationService } from '../notifications/notification-service.ts';
import type { AuditLog } from './audit-log.ts';

export interface AnchoringOptions {
  audit: AuditLog;
  clock: Clock;
  /** Anchor the head this often when it moved (0: only on stop and with backups). */
  everyMs: number;
  /** E-mail the head to the administrators this often (0: never). */
  mailEveryMs: number;
  notifications?: NotificationService;
  /** Whether an e-mail channel is configured (without one, the in-app copy alone is pointless). */
  canMail: boolean;
  onError?: (error: unknown, what: string) => void;
}

export const ANCHOR_NOTIFICATION_KIND = 'audit.anchor';

export class AuditAnchoring {
  private timer: NodeJS.Timeout | null = null;
  private lastSeq = -1;
  private mailedPeriod = -1;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: AnchoringOptions) {}

  /**
   * Anchors the head now, then rounds at the interval; a no-op without an audit key. The first
   * e-mail waits for the first round (a process that lives a moment, a script, sends none).
   */
  start(): void {
    if (!this.options.audit.keys || this.timer) return;
    const periods = [this.options.everyMs, this.options.canMail ? this.options.mailEveryMs : 0];
    const every = Math.min(...periods.filter((p) => p > 0));
    if (!Number.isFinite(every)) return;
    this.tick({ mail: false });
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  /** Stops the timer and anchors the head a last time (nothing is appended after this). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    if (this.options.audit.keys) await this.anchorIfMoved().catch((e) => this.options.onError?.(e, 'anchor'));
  }

  /** One round: the anchor file when the head moved, the e-mail when its period is due. */
  tick({ mail = true }: { mail?: boolean } = {}): void {
    this.running = this.running.then(async () => {
      try {
        if (this.options.everyMs > 0) await this.anchorIfMoved();
        if (mail && this.options.mailEveryMs > 0 && this.options.canMail) await this.mailIfDue();
      } catch (e) {
        this.options.onError?.(e, 'anchor');
      }
    });
  }

  /** Waits for the round in progress (tests). */
  settled(): Promise<void> {
    return this.running;
  }

  private async anchorIfMoved(): Promise<AuditAnchor | null> {
    const head = await this.options.audit.readHead();
    if (head.seq === this.lastSeq) return null;
    const anchor = await this.options.audit.anchor('head', head);
    this.lastSeq = head.seq;
    return anchor;
  }

  private async mailIfDue(): Promise<void> {
    const { notifications, clock, mailEveryMs, audit } = this.options;
    if (!notifications) return;
    const period = Math.floor(clock.now() / mailEveryMs);
    if (period === this.mailedPeriod) return;
    const key = `audit-anchor.${period}`;
    // Another process (or this one before a restart) may have sent this period's e-mail.
    if (await notifications.collection.findOne({ kind: ANCHOR_NOTIFICATION_KIND, key })) {
      this.mailedPeriod = period;
      return;
    }
    const anchor = await audit.anchor('mail');
    if (!anchor) return;
    const text = JSON.stringify(anchor);
    await notifications.send({
      to: { roles: ['admin'] },
      kind: ANCHOR_NOTIFICATION_KIND,
      key,
      title: {
        en: `Audit log: entry ${anchor.seq} on ${anchor.at.slice(0, 10)}`,
        'zh-CN': `审计日志：${anchor.at.slice(0, 10)} 第 ${anchor.seq} 条`,
      },
      body: {
        en: `Keep this e-mail. It records the audit log's last entry; paste the line below into Admin → Audit log → Verify to check that nothing was removed or rewritten since.\n\n${text}`,
        'zh-CN': `请保留此邮件。它记录了审计日志的最后一条；将下面一行粘贴到“管理 → 审计日志 → 校验”，即可检查此后是否有记录被删除或改写。\n\n${text}`,
      },
      link: '/admin/audit',
      channels: ['email'],
    });
    this.mailedPeriod = period;
  }
}
