// E-mail messages read from a mailbox export (pure): one .eml file (RFC 5322) or an mbox (messages
// after "From " lines, ">From " unescaped). For each message: its Message-ID, the sender's address
// and name, the subject, the date, and the text — the text/plain part of a multipart message (else
// the HTML part's text) — with RFC 2047 encoded words (=?UTF-8?B?…?=, =?GB2312?Q?…?=) and
// quoted-printable or base64 bodies decoded in their charset. Attachments are listed by name and
// size only. What cannot be read is left empty rather than guessed: the import reports the row.
//
// An mbox is read message by message (`mailMessages`): the separators are found in the bytes, and
// only the message at hand becomes text — a 20 MB export is not held a second time as one string,
// its lines and its messages. Each message has a `key` for re-imports: its Message-ID, or for mail
// without one (some clients and gateways send none) a hash of what it says, so the same message
// exported twice has the same key.
import { createHash } from 'node:crypto';

export interface MailMessage {
  messageId: string | null;
  /** The Message-ID, or `sha256:<hex>` of the sender, date, subject, text and attachments. */
  key: string;
  from: string | null;
  fromName: string | null;
  subject: string;
  /** ISO date-time, or null when the Date header is missing or unreadable. */
  date: string | null;
  text: string;
  attachments: Array<{ name: string; size: number }>;
}

type Headers = Map<string, string>;

const LF = 0x0a;
const CR = 0x0d;
const SEPARATOR = Buffer.from('From ', 'latin1');

/** The messages of an .eml file or an mbox, all at once (small files, tests). */
export function readMailMessages(content: Uint8Array): MailMessage[] {
  return [...mailMessages(content)];
}

/** The messages of an .eml file or an mbox, one at a time. */
export function* mailMessages(content: Uint8Array): Generator<MailMessage> {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (!startsWithSeparator(bytes, 0)) {
    const raw = latin1(bytes);
    if (raw.trim()) yield readMessage(raw);
    return;
  }
  for (let at = 0; at < bytes.length;) {
    // The message starts after its "From " line and ends before the next one (that line's own
    // line break is the separator's, not the message's).
    const lineEnd = bytes.indexOf(LF, at);
    const start = lineEnd < 0 ? bytes.length : lineEnd + 1;
    const next = nextSeparator(bytes, start);
    let end = next < 0 ? bytes.length : next - 1;
    if (next >= 0 && end > start && bytes[end - 1] === CR) end--;
    const raw = latin1(bytes.subarray(start, Math.max(start, end)))
      .replace(/\r?\n/g, '\n')
      .replace(/^>(>*From )/gm, '$1');
    if (raw.trim()) yield readMessage(raw);
    if (next < 0) return;
    at = next;
  }
}

function startsWithSeparator(bytes: Buffer, at: number): boolean {
  return (
    bytes.length - at >= SEPARATOR.length && bytes.compare(SEPARATOR, 0, SEPARATOR.length, at, at + 5) === 0
  );
}

/** Where the next "From " line starts at or after `from` (-1: none). */
function nextSeparator(bytes: Buffer, from: number): number {
  for (let at = from; at < bytes.length;) {
    if (startsWithSeparator(bytes, at)) return at;
    const lineEnd = bytes.indexOf(LF, at);
    if (lineEnd < 0) return -1;
    at = lineEnd + 1;
  }
  return -1;
}

function readMessage(raw: string): MailMessage {
  const { headers, body } = splitPart(raw);
  const attachments: MailMessage['attachments'] = [];
  const text = textOf(headers, body, attachments);
  const from = headers.get('from') ?? '';
  const address = /<([^>]+)>/.exec(from)?.[1] ?? /[^\s<>"]+@[^\s<>"]+/.exec(from)?.[0] ?? null;
  const name = decodeWords(from.replace(/<[^>]*>/, '').trim())
    .replace(/^"|"$/g, '')
    .trim();
  const date = headers.get('date') ? Date.parse(headers.get('date')!) : NaN;
  const messageId =
    /<([^>]+)>/.exec(headers.get('message-id') ?? '')?.[1] ?? headers.get('message-id')?.trim() ?? null;
  const message: Omit<MailMessage, 'key'> = {
    messageId,
    from: address ? address.toLowerCase() : null,
    fromName: name && name.toLowerCase() !== address?.toLowerCase() ? name : null,
    subject: decodeWords(headers.get('subject') ?? '').trim(),
    date: Number.isNaN(date) ? null : new Date(date).toISOString(),
    text: text.replace(/\r\n/g, '\n').trim(),
    attachments,
  };
  return { ...message, key: messageId || derivedKey(message, headers.get('date') ?? null) };
}

/** What a message without a Message-ID says, hashed: the same message read again has the same key. */
function derivedKey(m: Omit<MailMessage, 'key'>, rawDate: string | null): string {
  const said = JSON.stringify([m.from, m.date ?? rawDate, m.subject, m.text, m.attachments]);
  return `sha256:${createHash('sha256').update(said).digest('hex')}`;
}

/** Headers (unfolded, lower-case names, the first of each) and the body of a message or part. */
function splitPart(raw: string): { headers: Headers; body: string } {
  const at = /\r?\n\r?\n/.exec(raw);
  const head = at ? raw.slice(0, at.index) : raw;
  const body = at ? raw.slice(at.index + at[0].length) : '';
  const headers: Headers = new Map();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function param(header: string | undefined, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\*?=\\s*("([^"]*)"|[^;\\s]+)`, 'i').exec(header ?? '');
  return m ? (m[2] ?? m[1]!) : null;
}

/** The readable text of a part (the plain one of alternatives), collecting attachments on the way. */
function textOf(headers: Headers, body: string, attachments: MailMessage['attachments']): string {
  const type = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  const disposition = headers.get('content-disposition') ?? '';
  const fileName = param(disposition, 'filename') ?? param(headers.get('content-type'), 'name');
  if (type.startsWith('multipart/')) {
    const boundary = param(headers.get('content-type'), 'boundary');
    if (!boundary) return '';
    const parts = body
      .split(`--${boundary}`)
      .slice(1)
      .filter((p) => !p.startsWith('--'))
      .map((p) => splitPart(p.replace(/^\r?\n/, '')));
    const texts = parts.map((p) => ({
      type: p.headers.get('content-type') ?? 'text/plain',
      text: textOf(p.headers, p.body, attachments),
    }));
    if (type.startsWith('multipart/alternative')) {
      const plain = texts.find((t) => t.type.toLowerCase().startsWith('text/plain') && t.text);
      return (plain ?? texts.find((t) => t.text))?.text ?? '';
    }
    return texts
      .map((t) => t.text)
      .filter(Boolean)
      .join('\n\n');
  }
  const bytes = decodeBody(body, headers.get('content-transfer-encoding'));
  if (/^attachment/i.test(disposition) || (fileName && !type.startsWith('text/'))) {
    attachments.push({ name: decodeWords(fileName ?? 'attachment'), size: bytes.length });
    return '';
  }
  if (!type.startsWith('text/')) return '';
  const text = inCharset(bytes, param(headers.get('content-type'), 'charset'));
  return type.startsWith('text/html') ? htmlText(text) : text;
}

function decodeBody(body: string, encoding: string | undefined): Uint8Array {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === 'base64') return Uint8Array.from(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
  if (e === 'quoted-printable') return quotedPrintable(body.replace(/=\r?\n/g, ''));
  return bytesOf(body);
}

function quotedPrintable(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s[i] === '=' ? s.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(s.charCodeAt(i) & 0xff);
  }
  return Uint8Array.from(out);
}

/** RFC 2047 encoded words in a header, in their charsets; blanks between two of them dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, kind: string, data: string) => {
      const bytes =
        kind.toUpperCase() === 'B'
          ? Uint8Array.from(Buffer.from(data, 'base64'))
          : quotedPrintable(data.replace(/_/g, ' '));
      return inCharset(bytes, charset);
    });
}

function inCharset(bytes: Uint8Array, charset: string | null): string {
  const name = (charset ?? 'utf-8').toLowerCase();
  try {
    // GB2312 and GBK are read as GB18030, their superset (what Chinese mail clients send).
    return new TextDecoder(/^(gb2312|gbk|gb18030)$/.test(name) ? 'gb18030' : name).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function htmlText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Bytes as a string of one char per byte (headers are ASCII; bodies are decoded later). */
function latin1(bytes: Uint8Array): string {
  // Buffer's latin1 is one code point per byte (TextDecoder's 'latin1' is windows-1252: not so).
  // A view of the same bytes, not a copy.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function bytesOf(s: string): Uint8Array {
  // The text was made from bytes one char per byte (latin1): latin1 gives the same bytes back.
  return Buffer.from(s, 'latin1');
}
