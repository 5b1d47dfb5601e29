// The pure parts of request attachments: file references, finding them in a request, how a file
// is served, and what a draft leaves out.
import { describe, expect, it } from 'vitest';
import { contentDisposition, fileIdOf, mentionsFile, servedAs } from '#engine/core/files/files.ts';
import { withoutFields } from '#engine/services/drafts/draft-service.ts';

describe('file references', () => {
  it('reads the id of a file:<id> reference and nothing else', () => {
    expect(fileIdOf('file:Ab3_-x')).toBe('Ab3_-x');
    for (const other of ['file:', 'file:-x', 'file:a/b', 'files/a', 'https://x/file:a', 3, null])
      expect(fileIdOf(other)).toBeNull();
  });

  it('finds a file anywhere in form data, variables or a timeline', () => {
    const request = {
      variables: { lines: [{ amount: 3 }, { attachment: 'file:abc' }] },
      timeline: [{ attachments: [{ name: 'n.pdf', ref: 'file:def' }] }],
    };
    expect(mentionsFile(request, 'abc')).toBe(true);
    expect(mentionsFile(request, 'def')).toBe(true);
    expect(mentionsFile(request, 'ab')).toBe(false);
    expect(mentionsFile({ note: 'see file:abc' }, 'abc')).toBe(false);
  });

  it('shows pictures and PDFs inline, everything else as a download', () => {
    expect(servedAs('image/JPEG; q=1')).toEqual({ contentType: 'image/jpeg', inline: true });
    expect(servedAs('application/pdf')).toEqual({ contentType: 'application/pdf', inline: true });
    for (const risky of ['text/html', 'image/svg+xml', 'application/javascript', undefined, ''])
      expect(servedAs(risky)).toEqual({ contentType: 'application/octet-stream', inline: false });
  });

  it('names the file for every browser, whatever its script', () => {
    expect(contentDisposition('报销 "a".pdf', false)).toBe(
      `attachment; filename="__ _a_.pdf"; filename*=UTF-8''${encodeURIComponent('报销 "a".pdf')}`,
    );
  });
});

describe('drafts without sensitive fields', () => {
  it('drops fields by path, through lists, and leaves the input alone', () => {
    const data = { id: 'x', bank: { iban: 'DE1' }, lines: [{ card: '1', amount: '2' }, { amount: '3' }] };
    expect(withoutFields(data, ['id', 'bank.iban', 'lines.card', 'missing.path'])).toEqual({
      bank: {},
      lines: [{ amount: '2' }, { amount: '3' }],
    });
    expect(data.lines[0]).toHaveProperty('card');
  });
});
