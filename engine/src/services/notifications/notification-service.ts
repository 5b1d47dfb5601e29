// The in-app notification centre, and the way out to other channels.
//
//   send({ to: { users, roles, departments }, title: { en, zh-CN }, body?, link?, kind?, key?, channels? })
//     → one notification per recipient (roles and departments resolved through the org chart,
//       inactive users skipped), then each named channel (email, sms) delivers it. With `key`
//       the call is idempotent: the same key never notifies the same person twice (a retried job,
//       a re-delivered flow effect). Delivery failures are recorded on the notification, never
//       thrown: the in-app entry is what counts. Channels are delivered at least once: the
//       notification is stored with its channels `pending`, and a retry under the same key
//       delivers what is still pending (a process that died in between); what a channel sends
//       carries the notification id, by which a gateway drops a repeat.
//   list(userId, { unread?, limit?, cursor? }), unreadCount(userId), markRead(userId, ids | 'all')
//
// It also implements the records service's AlertSink (abnormal exports → the admins), and the
// approvals work (SLA reminders, escalations, CC) sends through the same `send`.
import { createHash, randomUUID } from 'node:crypto';
import type { LocalizedText } from '#schemas/generated/index.ts';
import { badRequest } from '#engine/core/errors.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  type Collection,
  type DocumentStore,
  type Page,
  type Stored,
} from '#engine/ports/document-store.ts';
import { USERS } from '../identity/collections.ts';
import type { OrgChart } from '../org/org-chart.ts';
import type { AbnormalExportAlert, AlertSink } from '../records/export-alerts.ts';
import type { NotificationChannel, Recipient } from './channels.ts';

export const NOTIFICATIONS = 'notifications';

export interface NotificationInput {
  to: { users?: string[]; roles?: string[]; departments?: string[] };
  title: LocalizedText;
  body?: LocalizedText;
  /** A path in the web app, e.g. /records/shop-order/123. */
  link?: string;
  /** What it is about, e.g. 'report.alert', 'task.assigned', 'export.abnormal'. */
  kind?: string;
  /** The thing it is about (for filtering and links). */
  source?: { type: string; id: string };
  /** Idempotency key: the same key notifies each person at most once. */
  key?: string;
  /** Channels besides the in-app centre, e.g. ['email']. */
  channels?: string[];
}

export interface NotificationDoc {
  userId: string;
  title: LocalizedText;
  body?: LocalizedText;
  link?: string;
  kind: string;
  source?: { type: string; id: string };
  key?: string;
  createdAt: string;
  read: boolean;
  readAt?: string;
  deliveries?: Record<string, 'pending' | 'sent' | 'skipped' | 'failed'>;
}

export interface NotificationServiceOptions {
  store: DocumentStore;
  clock: Clock;
  org: OrgChart;
  channels?: NotificationChannel[];
  onDeliveryError?: (error: unknown, channel: string, notificationId: string) => void;
}

interface UserDoc {
  id: string;
  active?: boolean;
  email?: string;
  phone?: string;
  displayName?: string;
  locale?: 'en' | 'zh-CN';
}

export class NotificationService implements AlertSink {
  readonly collection: Collection<NotificationDoc>;
  private readonly channels = new Map<string, NotificationChannel>();

  constructor(private readonly options: NotificationServiceOptions) {
    this.collection = options.store.collection<NotificationDoc>(NOTIFICATIONS);
    for (const c of options.channels ?? []) this.channels.set(c.name, c);
  }

  async init(): Promise<void> {
    await this.collection.ensureIndex({
      fields: [
        ['userId', 1],
        ['read', 1],
      ],
    });
    await this.collection.ensureIndex({
      fields: [
        ['userId', 1],
        ['createdAt', -1],
      ],
    });
  }

  /** The channel of that name (mailings to records send through it), if there is one. */
  channel(name: string): NotificationChannel | undefined {
    return this.channels.get(name);
  }

  /** Adds a channel (an SMTP adapter, a chat webhook …). */
  registerChannel(channel: NotificationChannel): void {
    this.channels.set(channel.name, channel);
  }

  /** Sends to every recipient; returns the user ids notified now (not those notified before under the key). */
  async send(input: NotificationInput): Promise<{ notified: string[]; ids: string[] }> {
    for (const c of input.channels ?? [])
      if (!this.channels.has(c))
        throw badRequest('CHANNEL_UNKNOWN', `There is no notification channel "${c}"`, `没有通知渠道“${c}”`, [
          { path: '/channels', message: `unknown channel ${c}`, messageZh: `未知渠道 ${c}` },
        ]);
    const users = await this.recipients(input.to);
    const now = new Date(this.options.clock.now()).toISOString();
    const notified: string[] = [];
    const ids: string[] = [];
    for (const user of users) {
      const id = input.key
        ? `n-${createHash('sha256').update(`${input.key}\0${user.id}`).digest('hex').slice(0, 32)}`
        : `n-${randomUUID()}`;
      const doc: NotificationDoc & { id: string } = {
        id,
        userId: user.id,
        title: input.title,
        ...(input.body ? { body: input.body } : {}),
        ...(input.link ? { link: input.link } : {}),
        kind: input.kind ?? 'message',
        ...(input.source ? { source: input.source } : {}),
        ...(input.key ? { key: input.key } : {}),
        createdAt: now,
        read: false,
        ...(input.channels?.length
          ? { deliveries: Object.fromEntries(input.channels.map((c) => [c, 'pending' as const])) }
          : {}),
      };
      try {
        await this.collection.insert(doc);
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        // Sent before under this key; its channels too, unless the sender died before they went.
        const earlier = await this.collection.get(id);
        const pending = (input.channels ?? []).filter((c) => earlier?.deliveries?.[c] === 'pending');
        if (earlier && pending.length) await this.deliver(earlier, user, pending);
        continue;
      }
      notified.push(user.id);
      ids.push(id);
      if (input.channels?.length) await this.deliver(doc, user, input.channels);
    }
    return { notified, ids };
  }

  async list(
    userId: string,
    options: { unread?: boolean; limit?: number; cursor?: string } = {},
  ): Promise<Page<Stored<NotificationDoc>>> {
    return this.collection.find(
      { userId, ...(options.unread ? { read: false } : {}) },
      {
        sort: [['createdAt', -1]],
        limit: Math.min(Math.max(options.limit ?? 50, 1), 200),
        ...(options.cursor ? { after: options.cursor } : {}),
      },
    );
  }

  async unreadCount(userId: string): Promise<number> {
    return this.collection.count({ userId, read: false });
  }

  /** Marks the user's notifications read (ids not theirs are ignored); returns how many changed. */
  async markRead(userId: string, ids: string[] | 'all'): Promise<number> {
    const filter = ids === 'all' ? { userId, read: false } : { userId, read: false, id: { $in: ids } };
    const { items } = await this.collection.find(filter, { limit: 5000 });
    const readAt = new Date(this.options.clock.now()).toISOString();
    let changed = 0;
    for (const n of items) {
      try {
        await this.collection.update(n.id, n.rev, { set: { read: true, readAt } });
        changed++;
      } catch (e) {
        if ((e as { code?: string }).code !== 'REVISION_CONFLICT') throw e;
      }
    }
    return changed;
  }

  /** AlertSink of the records service: an abnormal export alerts every admin (in-app and e-mail). */
  async alertAdmins(alert: AbnormalExportAlert): Promise<void> {
    await this.send({
      to: { roles: ['admin'] },
      title: { en: alert.message, 'zh-CN': alert.messageZh },
      kind: 'export.abnormal',
      source: { type: 'user', id: alert.userId },
      key: `export-alert.${alert.userId}.${alert.at}`,
      ...(this.channels.has('email') ? { channels: ['email'] } : {}),
    });
  }

  private async recipients(to: NotificationInput['to']): Promise<Recipient[]> {
    const ids = new Set(to.users ?? []);
    if (to.roles?.length || to.departments?.length) {
      const org = await this.options.org.snapshot();
      for (const r of to.roles ?? []) for (const u of org.membersOfRole(r)) ids.add(u);
      for (const d of to.departments ?? []) for (const u of org.membersOfDepartment(d)) ids.add(u);
    }
    if (ids.size === 0) return [];
    const { items } = await this.options.store
      .collection<UserDoc>(USERS)
      .find({ id: { $in: [...ids] } }, { projection: ['active', 'email', 'phone', 'displayName', 'locale'] });
    return items
      .filter((u) => u.active !== false)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((u) => ({
        id: u.id,
        locale: u.locale === 'en' ? 'en' : 'zh-CN',
        ...(u.email ? { email: u.email } : {}),
        ...(u.phone ? { phone: u.phone } : {}),
        ...(u.displayName ? { displayName: u.displayName } : {}),
      }));
  }

  private async deliver(
    doc: NotificationDoc & { id: string },
    user: Recipient,
    channels: string[],
  ): Promise<void> {
    const deliveries: Record<string, 'sent' | 'skipped' | 'failed'> = {};
    for (const name of channels) {
      const channel = this.channels.get(name)!;
      try {
        deliveries[name] = await channel.deliver(
          {
            id: doc.id,
            title: doc.title,
            ...(doc.body ? { body: doc.body } : {}),
            ...(doc.link ? { link: doc.link } : {}),
            kind: doc.kind,
          },
          user,
        );
      } catch (e) {
        deliveries[name] = 'failed';
        this.options.onDeliveryError?.(e, name, doc.id);
      }
    }
    const stored = await this.collection.get(doc.id);
    if (stored)
      await this.collection
        .update(doc.id, stored.rev, {
          set: Object.fromEntries(Object.entries(deliveries).map(([c, v]) => [`deliveries.${c}`, v])),
        })
        .catch(() => undefined);
  }
}
