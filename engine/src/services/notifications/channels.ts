// Notification channels: how a notification leaves the platform besides the in-app centre. The
// port is one method; the adapters here write what they would send as JSON lines to a file
// (an SMTP or SMS gateway adapter implements the same interface). Approvals reuse them.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Recipient {
  id: string;
  displayName?: string;
  email?: string;
  phone?: string;
  locale: 'en' | 'zh-CN';
}

export interface OutgoingNotification {
  id: string;
  title: { en: string; 'zh-CN': string };
  body?: { en: string; 'zh-CN': string };
  link?: string;
  kind: string;
}

export interface NotificationChannel {
  /** 'email', 'sms', …: the names senders ask for in `channels`. */
  readonly name: string;
  /** Sends one notification to one person; throws when it could not. Skips recipients it cannot reach. */
  deliver(notification: OutgoingNotification, to: Recipient): Promise<'sent' | 'skipped'>;
}

/** Writes e-mails (subject and text in the recipient's language) as JSON lines to a file. */
export class FileEmailChannel implements NotificationChannel {
  readonly name = 'email';
  constructor(readonly file: string) {}

  async deliver(n: OutgoingNotification, to: Recipient): Promise<'sent' | 'skipped'> {
    if (!to.email) return 'skipped';
    const lang = to.locale;
    await appendLine(this.file, {
      channel: 'email',
      to: to.email,
      subject: n.title[lang],
      text: [n.body?.[lang], n.link].filter(Boolean).join('\n\n'),
      notification: n.id,
      at: new Date().toISOString(),
    });
    return 'sent';
  }
}

/** Writes text messages (title and link, in the recipient's language) as JSON lines to a file. */
export class FileSmsChannel implements NotificationChannel {
  readonly name = 'sms';
  constructor(readonly file: string) {}

  async deliver(n: OutgoingNotification, to: Recipient): Promise<'sent' | 'skipped'> {
    if (!to.phone) return 'skipped';
    await appendLine(this.file, {
      channel: 'sms',
      to: to.phone,
      text: n.title[to.locale].slice(0, 140),
      notification: n.id,
      at: new Date().toISOString(),
    });
    return 'sent';
  }
}

async function appendLine(file: string, entry: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(entry)}\n`, 'utf8');
}
