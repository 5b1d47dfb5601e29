import { defineMessages } from '../i18n/define.ts';

export const publicActionMessages = defineMessages(
  {
    en: {
      loading: 'Loading…',
      send: 'Send',
      sending: 'Sending…',
      required: 'Please fill this in',
      optional: '{label} (optional)',
      sent: 'Sent',
      scoreOf: '{score} of {max}',
      language: 'Language',
      english: 'English',
      chinese: '中文',
    },
    'zh-CN': {
      loading: '正在加载…',
      send: '提交',
      sending: '正在提交…',
      required: '请填写此项',
      optional: '{label}（选填）',
      sent: '已提交',
      scoreOf: '{score} / {max} 分',
      language: '语言',
      english: 'English',
      chinese: '中文',
    },
  },
  { same: ['english', 'chinese'] },
);
