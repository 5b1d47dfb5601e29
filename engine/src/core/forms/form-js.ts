// Camunda Forms (form-js JSON, as Camunda Modeler saves .form files and embeds them in BPMN as
// zeebe:userTaskForm) → a Forma form: JSON Schema 2020-12 + rjsf uiSchema + labels. The fields a
// task form usually holds convert — text field and area, number, checkbox, checklist, radio,
// select, tag list, date/time, groups (flattened) and dynamic lists (arrays of objects), static
// text (shown as help), with required, length, range and pattern checks, default values,
// read-only and disabled; what has no counterpart (buttons are Forma's own, images, iframes,
// HTML, tables, conditional visibility, FEEL-valued properties) is left out and listed as a
// warning, never a refusal. Labels are form-js's single language: used for both, and said so.
import type { FormDefinition } from '#schemas/generated/index.ts';

export interface FormJsWarning {
  /** The component's key or id (or its type when it has neither). */
  component: string;
  message: string;
  messageZh: string;
}

export interface FormJsConversion {
  definition: FormDefinition;
  warnings: FormJsWarning[];
}

type Comp = Record<string, unknown> & { type?: string; key?: string; id?: string; label?: string };
type Schema = Record<string, unknown>;

/** A form-js id as a Forma form id (lower case letters, digits, '.', '-', '_'). */
export function formaFormId(id: string): string {
  const s = id
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return (s || 'form').slice(0, 128);
}

const FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;
const SKIPPED: Record<string, [string, string]> = {
  button: ['buttons are the task page’s own (submit, approve …)', '按钮由任务页面自带（提交、审批等）'],
  spacer: ['layout only', '仅用于布局'],
  separator: ['layout only', '仅用于布局'],
  image: ['images are not shown in Forma forms', 'Forma 表单不显示图片'],
  iframe: ['embedded pages are not shown in Forma forms', 'Forma 表单不显示嵌入页面'],
  html: ['HTML blocks are not shown in Forma forms', 'Forma 表单不显示 HTML 块'],
  table: ['tables are not converted', '表格不会被转换'],
  expression: [
    'computed fields are not converted: use the form’s computed values',
    '计算字段不会被转换：请使用表单的计算值',
  ],
  filepicker: [
    'file pickers are not converted: add a file field in the form designer',
    '文件选择器不会被转换：请在表单设计器中添加文件字段',
  ],
  documentPreview: ['document previews are not converted', '文档预览不会被转换'],
};

class FormJsConverter {
  readonly warnings: FormJsWarning[] = [];
  readonly properties: Record<string, Schema> = {};
  readonly required: string[] = [];
  readonly uiSchema: Record<string, unknown> = { 'ui:order': [] };
  readonly labels: Record<string, { en: string; 'zh-CN': string }> = {};
  readonly help: Record<string, { en: string; 'zh-CN': string }> = {};
  readonly optionLabels: Record<string, Record<string, { en: string; 'zh-CN': string }>> = {};
  private notes: string[] = [];

  warn(c: Comp, en: string, zh: string): void {
    this.warnings.push({ component: String(c.key ?? c.id ?? c.type ?? '?'), message: en, messageZh: zh });
  }

  /** The components of a container, into `props` (a group flattens, a dynamic list nests). */
  components(
    list: unknown,
    props: Record<string, Schema>,
    required: string[],
    ui: Record<string, unknown>,
    prefix: string,
  ): void {
    for (const c of (Array.isArray(list) ? list : []) as Comp[])
      this.component(c, props, required, ui, prefix);
  }

  private component(
    c: Comp,
    props: Record<string, Schema>,
    required: string[],
    ui: Record<string, unknown>,
    prefix: string,
  ): void {
    const type = String(c.type ?? '');
    if (SKIPPED[type]) {
      if (type !== 'button' && type !== 'spacer' && type !== 'separator')
        this.warn(c, `${type}: ${SKIPPED[type][0]}`, `${type}：${SKIPPED[type][1]}`);
      return;
    }
    if (type === 'text') {
      if (typeof c.text === 'string' && c.text.trim()) this.notes.push(c.text.replace(/[#*_`>]/g, '').trim());
      return;
    }
    if (type === 'group') {
      this.components(c.components, props, required, ui, prefix);
      if (c.path)
        this.warn(c, 'a group with a path is flattened into the form', '带路径的分组已展开到表单中');
      return;
    }
    if (c.conditional)
      this.warn(
        c,
        'conditional visibility is not converted: the field is always shown',
        '条件显示不会被转换：该字段将始终显示',
      );
    if (type === 'dynamiclist') {
      const name = this.name(c, String(c.path ?? ''));
      if (!name) return;
      const itemProps: Record<string, Schema> = {};
      const itemRequired: string[] = [];
      const itemUi: Record<string, unknown> = {};
      this.components(c.components, itemProps, itemRequired, itemUi, `${prefix}${name}.`);
      props[name] = {
        type: 'array',
        items: {
          type: 'object',
          properties: itemProps,
          ...(itemRequired.length ? { required: itemRequired } : {}),
        },
      };
      if (Object.keys(itemUi).length) ui[name] = { items: itemUi };
      this.label(`${prefix}${name}`, c.label ?? name);
      this.order(ui, name);
      return;
    }
    const name = this.name(c, String(c.key ?? ''));
    if (!name) return;
    const schema: Schema = {};
    const fieldUi: Record<string, unknown> = {};
    const validate = (c.validate ?? {}) as Record<string, unknown>;
    const options = this.options(c);
    switch (type) {
      case 'textfield':
      case 'textarea':
        schema.type = 'string';
        if (type === 'textarea') fieldUi['ui:widget'] = 'textarea';
        if (typeof validate.minLength === 'number') schema.minLength = validate.minLength;
        if (typeof validate.maxLength === 'number') schema.maxLength = validate.maxLength;
        if (typeof validate.pattern === 'string' && validate.pattern) schema.pattern = validate.pattern;
        if (validate.validationType === 'email') schema.format = 'email';
        if (validate.validationType === 'phone')
          this.warn(c, 'the phone check is not converted', '电话号码校验不会被转换');
        break;
      case 'number':
        schema.type = c.decimalDigits === 0 ? 'integer' : 'number';
        if (typeof validate.min === 'number') schema.minimum = validate.min;
        if (typeof validate.max === 'number') schema.maximum = validate.max;
        break;
      case 'checkbox':
        schema.type = 'boolean';
        break;
      case 'radio':
      case 'select':
        schema.type = 'string';
        if (options) schema.enum = options.map((o) => o.value);
        if (type === 'radio') fieldUi['ui:widget'] = 'radio';
        break;
      case 'checklist':
      case 'taglist':
        schema.type = 'array';
        schema.items = { type: 'string', ...(options ? { enum: options.map((o) => o.value) } : {}) };
        schema.uniqueItems = true;
        if (type === 'checklist') fieldUi['ui:widget'] = 'checkboxes';
        break;
      case 'datetime':
        schema.type = 'string';
        schema.format = c.subtype === 'time' ? 'time' : c.subtype === 'datetime' ? 'date-time' : 'date';
        break;
      default:
        this.warn(c, `the component type "${type}" is not converted`, `组件类型“${type}”不会被转换`);
        return;
    }
    if ((c.values === undefined || options === null) && (c.valuesKey || c.valuesExpression))
      this.warn(
        c,
        'options from a variable or an expression are not converted: enter them in the form designer',
        '来自变量或表达式的选项不会被转换：请在表单设计器中填写',
      );
    if (options) {
      this.optionLabels[`${prefix}${name}`] = Object.fromEntries(
        options.map((o) => [String(o.value), { en: o.label, 'zh-CN': o.label }]),
      );
    }
    if (c.defaultValue !== undefined && typeof c.defaultValue !== 'string') schema.default = c.defaultValue;
    else if (typeof c.defaultValue === 'string' && !c.defaultValue.startsWith('='))
      schema.default = c.defaultValue;
    for (const key of ['label', 'description', 'readonly', 'disabled', 'defaultValue'] as const)
      if (typeof c[key] === 'string' && (c[key] as string).startsWith('='))
        this.warn(c, `${key} is a FEEL expression and is not converted`, `${key} 是 FEEL 表达式，不会被转换`);
    if (c.readonly === true || c.disabled === true) fieldUi['ui:readonly'] = true;
    if (validate.required === true) required.push(name);
    props[name] = schema;
    if (Object.keys(fieldUi).length) ui[name] = fieldUi;
    this.order(ui, name);
    this.label(`${prefix}${name}`, typeof c.label === 'string' && !c.label.startsWith('=') ? c.label : name);
    if (typeof c.description === 'string' && c.description && !c.description.startsWith('='))
      this.help[`${prefix}${name}`] = { en: c.description, 'zh-CN': c.description };
  }

  private order(ui: Record<string, unknown>, name: string): void {
    if (ui === this.uiSchema) (ui['ui:order'] as string[]).push(name);
  }

  private label(path: string, text: string): void {
    this.labels[path] = { en: text, 'zh-CN': text };
  }

  /** The property name of a component; null (and a warning) when it has none. */
  private name(c: Comp, key: string): string | null {
    if (!key) {
      this.warn(c, 'a field without a key is left out', '缺少键（key）的字段已省略');
      return null;
    }
    if (FIELD.test(key)) return key;
    const name = key.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^[^A-Za-z]+/, '') || 'field';
    this.warn(
      c,
      `the key "${key}" became "${name}" (letters, digits and "_" only)`,
      `键“${key}”已改为“${name}”（仅限字母、数字和“_”）`,
    );
    return name;
  }

  private options(c: Comp): Array<{ label: string; value: string }> | null {
    if (!Array.isArray(c.values)) return null;
    return (c.values as Array<{ label?: unknown; value?: unknown }>)
      .filter((v) => v && v.value !== undefined)
      .map((v) => ({ value: String(v.value), label: String(v.label ?? v.value) }));
  }

  description(): string | undefined {
    return this.notes.length ? this.notes.join('\n\n') : undefined;
  }
}

/** Converts a form-js schema; `id` defaults to the form's own id. */
export function convertFormJs(
  formJs: unknown,
  options: { id?: string; module: string; name?: string },
): FormJsConversion {
  const form = (formJs && typeof formJs === 'object' ? formJs : {}) as Comp & { components?: unknown };
  const cx = new FormJsConverter();
  cx.components(form.components, cx.properties, cx.required, cx.uiSchema, '');
  const id = formaFormId(options.id ?? String(form.id ?? 'form'));
  const title = options.name ?? (typeof form.name === 'string' ? form.name : id);
  const notes = cx.description();
  if (Object.keys(cx.labels).length)
    cx.warnings.push({
      component: id,
      message:
        'form-js has one language: its labels are used for English and Chinese alike (translate them in the form designer)',
      messageZh: 'form-js 只有一种语言：其标签同时用作英文和中文（请在表单设计器中翻译）',
    });
  const definition: FormDefinition = {
    id,
    module: options.module,
    name: { en: title, 'zh-CN': title },
    ...(notes ? { description: { en: notes, 'zh-CN': notes } } : {}),
    schema: {
      type: 'object',
      properties: cx.properties,
      ...(cx.required.length ? { required: cx.required } : {}),
    },
    uiSchema: cx.uiSchema,
    labels: cx.labels,
    ...(Object.keys(cx.help).length ? { help: cx.help } : {}),
    ...(Object.keys(cx.optionLabels).length ? { optionLabels: cx.optionLabels } : {}),
  };
  return { definition, warnings: cx.warnings };
}
