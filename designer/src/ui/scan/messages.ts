// The scanner's words (the camera dialog, used by the scan page and by code fields in forms).
import { defineMessages } from '#designer/i18n/define.ts';

export const scanMessages = defineMessages({
  en: {
    title: 'Scan a code',
    intro: 'Hold the barcode or QR code in the frame.',
    starting: 'Starting the camera…',
    looking: 'Looking for a code…',
    denied: 'The camera cannot be used: {reason}. Type the code instead.',
    noCamera: 'This device has no camera the browser may use. Type the code instead.',
    found: 'Read: {code}',
    manual: 'Or type the code',
    use: 'Use this code',
    scanButton: 'Scan',
  },
  'zh-CN': {
    title: '扫码',
    intro: '将条形码或二维码对准取景框。',
    starting: '正在打开摄像头…',
    looking: '正在识别…',
    denied: '无法使用摄像头：{reason}。请手动输入编码。',
    noCamera: '此设备没有浏览器可用的摄像头，请手动输入编码。',
    found: '已识别：{code}',
    manual: '或手动输入编码',
    use: '使用此编码',
    scanButton: '扫码',
  },
});
