// Reading support e-mails from a mailbox export (pure): an mbox of two messages — a multipart one
// with a quoted-printable Chinese text part, an HTML alternative and an attachment, headers in
// RFC 2047 encoded words — and a GB2312 one whose body quotes a "From " line; and a single .eml.
// An mbox is read message by message (CRLF or LF alike, 20 MB of it); a message without a
// Message-ID gets a key hashed from what it says, the same however it is exported.
import { describe, expect, it } from 'vitest';
import { decodeWords, mailMessages, readMailMessages } from '#engine/core/tabular/mail-messages.ts';

const MBOX = [
  'From zhang@buyer.example.cn Mon Nov  2 09:00:00 2026',
  'Message-ID: <a1@buyer.example.cn>',
  'From: =?UTF-8?B?5byg5LiJ?= <Zhang@Buyer.example.cn>',
  'Subject: =?UTF-8?B?5omT5Y2w5py65Y2h57q4?=',
  'Date: Mon, 02 Nov 2026 09:00:00 +0800',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/alternative; boundary="alt"',
  '',
  '--alt',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '=E6=82=A8=E5=A5=BD=EF=BC=8C=E6=89=93=E5=8D=B0=E6=9C=BA=E5=8F=88=E5=8D=A1=E7=',
  '=BA=B8=E4=BA=86=E3=80=82',
  '--alt',
  'Content-Type: text/html; charset=UTF-8',
  '',
  '<p>HTML version</p>',
  '--alt--',
  '--outer',
  'Content-Type: image/png; name="photo.png"',
  'Content-Disposition: attachment; filename="photo.png"',
  'Content-Transfer-Encoding: base64',
  '',
  'UE5HREFUQTEy',
  '--outer--',
  '',
  'From li@other.example.com Tue Nov  3 10:00:00 2026',
  'Message-ID: <b2@other.example.com>',
  'From: li@other.example.com',
  'Subject: =?GB2312?Q?=B7=A2=C6=B1?= request',
  'Date: Tue, 03 Nov 2026 10:00:00 +0800',
  'Content-Type: text/plain; charset=GB2312',
  'Content-Transfer-Encoding: 8bit',
  '',
  '',
].join('\n');

describe('mail messages', () => {
  it('reads an mbox: sender, subject, date, the plain text, attachments by name', () => {
    const bytes = Buffer.concat([
      Buffer.from(MBOX, 'latin1'),
      // 请开发票。 in GB2312 bytes, as a Chinese mail client sends it; then a quoted "From " line.
      Buffer.from([0xc7, 0xeb, 0xbf, 0xaa, 0xb7, 0xa2, 0xc6, 0xb1, 0xa1, 0xa3, 0x0a]),
      Buffer.from('>From the accounts team\n'),
    ]);
    const [first, second, ...more] = readMailMessages(bytes);
    expect(more).toEqual([]);
    expect(first).toEqual({
      messageId: 'a1@buyer.example.cn',
      key: 'a1@buyer.example.cn',
      from: 'zhang@buyer.example.cn',
      fromName: '张三',
      subject: '打印机卡纸',
      date: '2026-11-02T01:00:00.000Z',
      text: '您好，打印机又卡纸了。',
      attachments: [{ name: 'photo.png', size: 9 }],
    });
    expect(second).toMatchObject({
      messageId: 'b2@other.example.com',
      from: 'li@other.example.com',
      fromName: null,
      subject: '发票 request',
      date: '2026-11-03T02:00:00.000Z',
      // The mbox's ">From " quoting undone.
      text: '请开发票。\nFrom the accounts team',
      attachments: [],
    });
  });

  it('reads a single .eml; a message without a date or Message-ID keeps them empty', () => {
    const eml = 'From: "Wang" <wang@example.cn>\r\nSubject: Hello\r\n\r\nLine one\r\nLine two\r\n';
    expect(readMailMessages(Buffer.from(eml))).toEqual([
      {
        messageId: null,
        key: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        from: 'wang@example.cn',
        fromName: 'Wang',
        subject: 'Hello',
        date: null,
        text: 'Line one\nLine two',
        attachments: [],
      },
    ]);
    expect(decodeWords('=?UTF-8?Q?caf=C3=A9?= =?UTF-8?Q?_au_lait?=')).toBe('café au lait');
  });

  it('reads an mbox message by message, with CRLF line ends as with LF', () => {
    const lf = Buffer.from(MBOX, 'latin1');
    const crlf = Buffer.from(MBOX.replace(/\n/g, '\r\n'), 'latin1');
    const messages = mailMessages(crlf);
    // The first message comes before the second is read.
    expect(messages.next().value).toMatchObject({ messageId: 'a1@buyer.example.cn', subject: '打印机卡纸' });
    expect([...messages].map((m) => m.messageId)).toEqual(['b2@other.example.com']);
    expect(readMailMessages(crlf)).toEqual(readMailMessages(lf));
  });

  it('streams a 20 MB mailbox: every message, in order, the last one whole', () => {
    const body = 'The printer jams again; please send someone. '.repeat(110); // ≈ 5 KB
    const count = 4000;
    const parts: string[] = [];
    for (let i = 0; i < count; i++)
      parts.push(
        `From c${i}@buyer.example.cn Mon Nov  2 09:00:00 2026\nMessage-ID: <m${i}@buyer.example.cn>\n` +
          `From: c${i}@buyer.example.cn\nSubject: Ticket ${i}\nDate: Mon, 02 Nov 2026 09:00:00 +0800\n\n${body}\n>From me\n\n`,
      );
    const bytes = Buffer.from(parts.join(''), 'latin1');
    expect(bytes.length).toBeGreaterThan(20_000_000);
    let n = 0;
    let last: ReturnType<typeof readMailMessages>[number] | undefined;
    for (const m of mailMessages(bytes)) {
      expect(m.subject).toBe(`Ticket ${n}`);
      n++;
      last = m;
    }
    expect(n).toBe(count);
    expect(last).toMatchObject({
      messageId: `m${count - 1}@buyer.example.cn`,
      from: `c${count - 1}@buyer.example.cn`,
    });
    expect(last!.text).toBe(`${body}\nFrom me`);
  });

  it('keys a message without a Message-ID by what it says, the same in an .eml and in an mbox', () => {
    const lines = [
      'From: Li <li@other.example.com>',
      'Subject: Still waiting',
      'Date: Tue, 03 Nov 2026 10:00:00 +0800',
      '',
    ];
    const eml = Buffer.from([...lines, 'Any news?', ''].join('\r\n'));
    const mbox = Buffer.from(
      [
        'From li@other.example.com Tue Nov  3 10:00:00 2026',
        ...lines,
        'Any news?',
        '',
        'From x Tue Nov  3 10:00:00 2026',
        ...lines,
        'Any news at all?',
        '',
      ].join('\n'),
    );
    const [alone] = readMailMessages(eml);
    const [same, other] = readMailMessages(mbox);
    expect(alone!.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(same!.key).toBe(alone!.key);
    // A different text is a different message.
    expect(other!.key).not.toBe(alone!.key);
  });
});
