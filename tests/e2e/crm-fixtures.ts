// The CRM's support mailbox as a mail client exports it (mbox): a "From " line before each
// message, a ">From" escaped in a body. Three messages: from a customer's own address (in other
// letters' case), from a customer's contact in Chinese (encoded words, a base64 body), and from a
// sender no customer has.
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export function supportMbox(): string {
  return [
    'From orders@hengda.example.cn Mon Dec  7 09:15:00 2026',
    'From: Hengda Orders <Orders@Hengda.example.cn>',
    'To: support@forma.example.cn',
    'Subject: Printer jams on every page',
    'Date: Mon, 07 Dec 2026 09:15:00 +0800',
    'Message-ID: <m1.hengda@example.cn>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The printer we bought jams on every page.',
    '>From the second week on.',
    '',
    'From zhang.wei@lianhe.example.cn Mon Dec  7 10:00:00 2026',
    `From: =?UTF-8?B?${b64('张伟')}?= <zhang.wei@lianhe.example.cn>`,
    `Subject: =?UTF-8?B?${b64('发票抬头')}?= =?UTF-8?B?${b64('开错了')}?=`,
    'Date: Mon, 07 Dec 2026 10:00:00 +0800',
    'Message-ID: <m2.lianhe@example.cn>',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64('上周的发票抬头写错了，请重开。'),
    '',
    'From someone@unknown.example Mon Dec  7 11:00:00 2026',
    'From: someone@unknown.example',
    'Subject: Where is my order?',
    'Date: Mon, 07 Dec 2026 11:00:00 +0800',
    'Message-ID: <m3@unknown.example>',
    '',
    'I ordered two weeks ago.',
    '',
  ].join('\n');
}
