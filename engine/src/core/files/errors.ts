// The files' error catalogue: every error of an upload or a download a caller can cause, defined
// once with its code, HTTP status and en/zh-CN message. A file the caller may not open is the same
// 404 as one that does not exist (its existence is not revealed); the limits on what may be
// stored are each a 413 with their own code (services/files/file-quota.ts).
import { defineErrors, type ErrorDetail } from '../errors.ts';

const MB = 1024 * 1024;
const inMb = (bytes: number): string => (bytes / MB).toFixed(bytes % MB === 0 ? 0 : 1);

export const fileErrors = defineErrors('files', {
  notFound: {
    code: 'FILE_NOT_FOUND',
    status: 404,
    text: (id: string) => ({
      en: `There is no file "${id}" you may open`,
      zh: `没有您可以打开的文件“${id}”`,
    }),
  },
  tooLarge: {
    code: 'FILE_TOO_LARGE',
    status: 413,
    text: (maxBytes: number) => ({
      en: `A file may have at most ${Math.round(maxBytes / MB)} MB`,
      zh: `文件不能超过 ${Math.round(maxBytes / MB)} MB`,
      details: [{ path: '/content', message: 'too large', messageZh: '文件过大' }],
    }),
  },
  empty: {
    code: 'FILE_EMPTY',
    status: 400,
    text: {
      en: 'The file is empty',
      zh: '文件为空',
      details: [{ path: '/content', message: 'no bytes', messageZh: '没有内容' }],
    },
  },
  /** `base64`: a JSON upload whose content is not base64; `body`: a streamed upload without a body. */
  contentInvalid: {
    code: 'FILE_CONTENT_INVALID',
    status: 400,
    text: (problem: 'base64' | 'body') =>
      problem === 'base64'
        ? {
            en: 'The content is not base64',
            zh: '内容不是 base64 编码',
            details: [{ path: '/content', message: 'not base64', messageZh: '不是 base64' }],
          }
        : {
            en: 'Send the file as the body',
            zh: '请以请求体发送文件',
            details: [{ path: '/content', message: 'no body', messageZh: '没有请求体' }],
          },
  },
  quotaExceeded: {
    code: 'FILE_QUOTA_EXCEEDED',
    status: 413,
    text: (quotaBytes: number, usedBytes: number) => ({
      en: `Your files would take more than your ${inMb(quotaBytes)} MB (${inMb(usedBytes)} MB used). Ask an administrator for more room.`,
      zh: `您的文件将超过 ${inMb(quotaBytes)} MB 的配额（已用 ${inMb(usedBytes)} MB）。请联系管理员增加空间。`,
      details: [{ path: '/content', message: 'over your quota', messageZh: '超出您的配额' }],
    }),
  },
  /** The quota for everybody is used up (its size given), or the disk is short of free space (null). */
  storageFull: {
    code: 'FILE_STORAGE_FULL',
    status: 413,
    text: (totalQuotaBytes: number | null) =>
      totalQuotaBytes === null
        ? {
            en: 'The server is running out of disk space; no files can be stored right now. Ask an administrator.',
            zh: '服务器磁盘空间不足，暂时无法保存文件。请联系管理员。',
            details: [{ path: '/content', message: 'disk full', messageZh: '磁盘已满' }],
          }
        : {
            en: `The file storage is full (${inMb(totalQuotaBytes)} MB for everybody). Ask an administrator.`,
            zh: `文件存储空间已满（全体共 ${inMb(totalQuotaBytes)} MB）。请联系管理员。`,
            details: [{ path: '/content', message: 'storage full', messageZh: '存储空间已满' }],
          },
  },
  /** Attaching (a form field, an action's attachment) a file the writer may not read where it was first attached. */
  notAttachable: {
    code: 'FILE_NOT_ATTACHABLE',
    status: 403,
    text: (details: ErrorDetail[]) => ({
      en: 'You may attach only files you uploaded or may read where they were first attached',
      zh: '只能附加您上传的文件，或您在其首次附加之处有权查看的文件',
      details,
    }),
  },
});
