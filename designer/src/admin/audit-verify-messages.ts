// Labels of the audit log's verification: the report (which kind of tampering and where) and the
// check against anchors kept elsewhere (a backup's manifest, an anchor e-mail).
import { defineMessages } from '../i18n/define.ts';

export const auditVerifyMessages = defineMessages({
  en: {
    ok: 'The chain is intact: {n} entries checked, each one’s seal verified, compared with {anchors} anchor(s) kept outside the store.',
    broken: 'The audit log was changed behind Forma’s back. Entries up to {good} are intact.',
    legacy:
      'Entries 1 to {n} were written before the log was sealed with a key; they are checked by their plain hash.',
    noKey:
      'No audit key is configured: the log is hash-chained but not sealed, so a rewritten log cannot be told apart. Set AUDIT_KEY.',
    noAnchors: 'No anchor outside the store yet: entries removed from the end of the log would not show.',
    superseded: '{n} anchor(s) from before the last restore were set aside.',
    range: 'entries {from} to {to}',
    single: 'entry {from}',
    anchorSeen: 'an anchor ({kind}, {at}) saw entry {seq}',
    'kind.edited': 'Edited — {where}: the content no longer matches the seal.',
    'kind.rewritten': 'Rewritten — {where}: re-hashed without the audit key.',
    'kind.deleted': 'Deleted — {where}: missing.',
    'kind.truncated': 'Cut short — {where}: gone; {anchor}.',
    'kind.unverifiable':
      'Not verifiable — {where}: sealed with an audit key this installation does not have.',
    'kind.forged-anchor': 'Forged or damaged anchor — {where}.',
    anchorFile: 'the anchor file',
    check: 'Check against anchors',
    anchorsLabel: 'Anchors kept elsewhere (one per line)',
    anchorsHint: 'Paste the "audit" line of a backup’s manifest or the line of an anchor e-mail.',
    anchorsBad: 'Line {n} is not an anchor.',
    submit: 'Verify with these anchors',
  },
  'zh-CN': {
    ok: '哈希链完整：已校验 {n} 条记录的签封，并与存储之外保存的 {anchors} 个锚点比对。',
    broken: '审计日志曾在 Forma 之外被修改。第 {good} 条及之前的记录完好。',
    legacy: '第 1 至 {n} 条记录写于日志启用密钥签封之前，按普通哈希校验。',
    noKey: '未配置审计密钥：日志虽有哈希链但未签封，无法识别被改写的日志。请设置 AUDIT_KEY。',
    noAnchors: '存储之外尚无锚点：日志末尾被删除的记录将无法发现。',
    superseded: '最近一次恢复之前的 {n} 个锚点已不再适用。',
    range: '第 {from} 至 {to} 条',
    single: '第 {from} 条',
    anchorSeen: '锚点（{kind}，{at}）曾记录到第 {seq} 条',
    'kind.edited': '被修改——{where}：内容与签封不符。',
    'kind.rewritten': '被改写——{where}：在没有审计密钥的情况下被重新计算哈希。',
    'kind.deleted': '被删除——{where}：已缺失。',
    'kind.truncated': '被截断——{where}：已不存在；{anchor}。',
    'kind.unverifiable': '无法校验——{where}：使用本系统没有的审计密钥签封。',
    'kind.forged-anchor': '伪造或损坏的锚点——{where}。',
    anchorFile: '锚点文件',
    check: '与锚点比对',
    anchorsLabel: '其他地方保存的锚点（每行一个）',
    anchorsHint: '粘贴备份清单中的 "audit" 行，或锚点邮件中的那一行。',
    anchorsBad: '第 {n} 行不是锚点。',
    submit: '用这些锚点校验',
  },
});
