// Notification channels: how a notification leaves the platform besides the in-app centre. The
// port is one method; the adapters here write what they would send as JSON lines to a file
// (an SMTP or SMS gateway adapter implements the same interface). Approvals reuse them.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
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
  /**
   * Which of these notification ids went out (a gateway's status query; optional). A sender that
   * died between claiming a delivery and recording it asks, so that a resumed mailing sends what
   * is missing and nothing twice; without it those deliveries stay unknown and are not sent again.
   */
  sentOf?(ids: readonly string[]): Promise<Set<string>>;
}

/** Writes e-mails (subject and text in the recipient's language) as JSON lines to a file. */
export class FileEmailChannel implements NotificationChannel {
  readonly name = 'email';
  constructor(readonly file: string) {}

  sentOf(ids: readonly string[]): Promise<Set<string>> {
    return idsInFile(this.file, ids);
  }

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

  sentOf(ids: readonly string[]): Promise<Set<string>> {
    return idsInFile(this.file, ids);
  }

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

/** The notification ids among `ids` that a file channel has written (the file is the gateway's log). */
async function idsInFile(file: string, ids: readonly string[]): Promise<Set<string>> {
  const wanted = new Set(ids);
  const found = new Set<string>();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw e;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    let id: unknown;
    try {
      id = (JSON.parse(line) as { notification?: unknown }).notification;
    } catch {
      continue; // a line cut short by a crash while it was written: that send did not finish
    }
    if (typeof id === 'string' && wanted.has(id)) found.add(id);
  }
  return found;
}

async function appendLine(file: string, entry: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(entry)}\n`, 'utf8');
}
