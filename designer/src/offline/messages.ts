// The offline banner's texts (the portal's pages have theirs in portal/messages.ts).
import { defineMessages } from '../i18n/define.ts';

export const offlineMessages = defineMessages({
  en: {
    offline: 'You are offline: the server cannot be reached.',
    offlineSaved: 'You are offline: the server cannot be reached. Showing what this device saved at {when}.',
    queuedOne: '1 request will be sent when the server is back.',
    queuedMany: '{n} requests will be sent when the server is back.',
    sending: 'The server is back: sending {n} queued request(s)…',
    refusedOne: '1 request could not be sent.',
    refusedMany: '{n} requests could not be sent.',
    review: 'Review in My requests',
  },
  'zh-CN': {
    offline: '您已离线：无法连接服务器。',
    offlineSaved: '您已离线：无法连接服务器。显示的是本设备于 {when} 保存的内容。',
    queuedOne: '1 个申请将在服务器恢复后发送。',
    queuedMany: '{n} 个申请将在服务器恢复后发送。',
    sending: '服务器已恢复：正在发送 {n} 个排队的申请……',
    refusedOne: '1 个申请未能发送。',
    refusedMany: '{n} 个申请未能发送。',
    review: '在“我的申请”中查看',
  },
});
