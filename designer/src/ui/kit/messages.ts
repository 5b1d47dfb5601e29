// The kit's own words: what every dialog, list and loader says, and how a text in both languages is
// labelled ("Name (English)" / "名称（英文）"), so each feature names the thing and never the language.
import { defineMessages } from '#designer/i18n/define.ts';

export const kitMessages = defineMessages({
  en: {
    loading: 'Loading…',
    retry: 'Try again',
    close: 'Close',
    cancel: 'Cancel',
    emptyList: 'Nothing here yet.',
    typeToConfirm: 'Type {word} to confirm',
    typeToConfirmMismatch: 'Type {word} exactly as shown.',
    'language.en': '{label} (English)',
    'language.zh-CN': '{label} (Chinese)',
    'language.en.optional': '{label} (English, optional)',
    'language.zh-CN.optional': '{label} (Chinese, optional)',
    leaveUnsaved: 'You have unsaved changes. Leave this page anyway?',
  },
  'zh-CN': {
    loading: '加载中…',
    retry: '重试',
    close: '关闭',
    cancel: '取消',
    emptyList: '暂无内容。',
    typeToConfirm: '请输入 {word} 以确认',
    typeToConfirmMismatch: '请按所示准确输入 {word}。',
    'language.en': '{label}（英文）',
    'language.zh-CN': '{label}（中文）',
    'language.en.optional': '{label}（英文，可选）',
    'language.zh-CN.optional': '{label}（中文，可选）',
    leaveUnsaved: '有尚未保存的修改。仍要离开此页面吗？',
  },
});
