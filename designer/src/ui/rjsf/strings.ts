// rjsf's own interface texts (array buttons, yes/no, "Item", …) in Chinese; English is rjsf's
// default. A Record over the enum: a text rjsf adds in an upgrade fails to compile until translated.
import { TranslatableString } from '@rjsf/utils';
import { defineMessages } from '../../i18n/define.ts';

export const RJSF_ZH: Record<TranslatableString, string> = {
  [TranslatableString.ArrayItemTitle]: '项目',
  [TranslatableString.MissingItems]: '缺少列表项定义',
  [TranslatableString.EmptyArray]: '暂无条目，请点击下方按钮添加。',
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.CloseLabel]: '关闭',
  [TranslatableString.ErrorsLabel]: '错误',
  [TranslatableString.NewStringDefault]: '新值',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.AddItemButton]: '添加一行',
  [TranslatableString.CopyButton]: '复制',
  [TranslatableString.ExpandButton]: '展开',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '删除',
  [TranslatableString.NowLabel]: '现在',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.AriaDateLabel]: '选择日期',
  [TranslatableString.PreviewLabel]: '预览',
  [TranslatableString.DecrementAriaLabel]: '减 1',
  [TranslatableString.IncrementAriaLabel]: '加 1',
  [TranslatableString.OptionalObjectAdd]: '为可选字段添加数据',
  [TranslatableString.OptionalObjectRemove]: '移除可选字段的数据',
  [TranslatableString.OptionalObjectEmptyMsg]: '可选字段暂无数据',
  [TranslatableString.Type]: '类型',
  [TranslatableString.Value]: '值',
  [TranslatableString.ClearButton]: '清空输入',
  [TranslatableString.UnknownFieldType]: '未知字段类型 %1',
  [TranslatableString.OptionPrefix]: '选项 %1',
  [TranslatableString.TitleOptionPrefix]: '%1 选项 %2',
  [TranslatableString.KeyLabel]: '%1 键',
  [TranslatableString.DeprecatedLabel]: '%1（已弃用）',
  [TranslatableString.CycleDetected]: '字段“%1”存在循环引用，可选择展开到下一层',
  [TranslatableString.InvalidObjectField]: '对象字段“%1”配置无效：_%2_。',
  [TranslatableString.UnsupportedField]: '不支持的字段定义。',
  [TranslatableString.UnsupportedFieldWithId]: '字段 `%1` 的定义不受支持。',
  [TranslatableString.UnsupportedFieldWithReason]: '不支持的字段定义：_%1_。',
  [TranslatableString.UnsupportedFieldWithIdAndReason]: '字段 `%1` 的定义不受支持：_%2_。',
  [TranslatableString.FilesInfo]: '**%1**（%2，%3 字节）',
};

/** Texts the theme adds beyond rjsf's own. */
export const rjsfMessages = defineMessages({
  en: { submit: 'Submit' },
  'zh-CN': { submit: '提交' },
});
