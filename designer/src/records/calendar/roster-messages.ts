// The roster's words (the calendar's week with rows and things to drag onto them).
import { defineMessages } from '../../i18n/define.ts';

export const rosterMessages = defineMessages({
  en: {
    palette: 'Drag onto a day',
    paletteHint: 'Drag one onto a row’s day — or pick one, then tap the days. Drag an entry to move it.',
    picked: 'Assigning {name}: tap the days',
    row: 'Row',
    cell: '{row} on {day}',
    remove: 'Remove {name}',
    removed: '{name} removed.',
    noRows: 'There are no rows to plan yet.',
    repeatWeeks: 'Weeks',
    repeat: 'Repeat weekly',
    repeated:
      'Copied this week to the next {weeks} week(s): {created} added, {updated} changed, {unchanged} already so.',
    saved: '{name} on {day}.',
    refused: 'Not saved: {reason}',
  },
  'zh-CN': {
    palette: '拖到某一天',
    paletteHint: '把它拖到某行的某一天——或先选中，再点选日期。拖动已排的条目可移动它。',
    picked: '正在安排{name}：请点选日期',
    row: '行',
    cell: '{row}的{day}',
    remove: '移除{name}',
    removed: '已移除{name}。',
    noRows: '还没有可安排的行。',
    repeatWeeks: '周数',
    repeat: '按周重复',
    repeated: '已将本周复制到之后 {weeks} 周：新增 {created} 条，修改 {updated} 条，{unchanged} 条无需改动。',
    saved: '已安排：{day} {name}。',
    refused: '未保存：{reason}',
  },
});
