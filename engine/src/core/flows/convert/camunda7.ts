// Camunda 7 models → Camunda 8 (zeebe) models, on import. The common Camunda 7 attributes become
// their zeebe counterparts — assignee, candidate users and groups, due and follow-up dates,
// priority, form keys, service implementations (class, delegate expression, expression, external
// topic) as job types, multi-instance collections, call activities, input/output parameters,
// properties, version tags — and simple `${…}` expressions become FEEL (juel.ts). Everything else
// Camunda 7 (execution listeners, async continuations, scripts in other languages …) is removed
// and listed as not converted, with the reason, so the analyst sees exactly what changed.
// Pure apart from parsing: XML in, XML and the report out.
import { getModdle } from '../compile/moddle.ts';
import { convertExtensions } from './camunda7-extensions.ts';
import { isJuel, juelToFeel } from './juel.ts';

export const CAMUNDA7_NS = 'http://camunda.org/schema/1.0/bpmn';

export interface ConversionNote {
  elementId?: string;
  elementName?: string;
  /** The Camunda 7 attribute or extension. */
  source: string;
  /** What it became (changes), or why it was not converted. */
  result: string;
  resultZh: string;
}

export interface ConversionReport {
  /** The file used Camunda 7 attributes or extensions. */
  camunda7: boolean;
  changes: ConversionNote[];
  unconverted: ConversionNote[];
}

/** A bpmn-moddle element as the converter reads and edits it. */
export type Node = Record<string, unknown> & {
  $type: string;
  id?: string;
  name?: string;
  $attrs?: Record<string, string>;
};

/** Attributes with no meaning in Camunda 8: dropped, and said so. */
const DROPPED = new Set([
  'asyncBefore',
  'asyncAfter',
  'async',
  'exclusive',
  'jobPriority',
  'taskPriority',
  'historyTimeToLive',
  'isStartableInTasklist',
  'candidateStarterGroups',
  'candidateStarterUsers',
  'jobPriorityExpression',
]);

/**
 * One conversion: walks the definitions, rewrites each element in place and records what changed;
 * its helpers are shared with the extension-element conversion (camunda7-extensions.ts).
 */
export class Converter {
  readonly report: ConversionReport = { camunda7: false, changes: [], unconverted: [] };
  readonly moddle = getModdle();
  /** The prefix the file binds to the Camunda 7 namespace (usually `camunda`). */
  prefix = 'camunda';

  constructor(private readonly definitions: Node) {
    const attrs = definitions.$attrs ?? {};
    const found = Object.entries(attrs).find(([k, v]) => k.startsWith('xmlns:') && v === CAMUNDA7_NS);
    if (found) {
      this.prefix = found[0].slice(6);
      this.report.camunda7 = true;
      delete attrs[found[0]];
    }
    if (attrs['modeler:executionPlatform'] === 'Camunda Platform')
      attrs['modeler:executionPlatform'] = 'Camunda Cloud';
  }

  private at(node: Node): Pick<ConversionNote, 'elementId' | 'elementName'> {
    return {
      ...(node.id ? { elementId: node.id } : {}),
      ...(node.name ? { elementName: String(node.name) } : {}),
    };
  }
  changed(node: Node, source: string, result: string, resultZh = result): void {
    this.report.changes.push({ ...this.at(node), source, result, resultZh });
  }
  skipped(node: Node, source: string, result: string, resultZh: string): void {
    this.report.unconverted.push({ ...this.at(node), source, result, resultZh });
  }

  /** A value as Camunda 8 wants it: JUEL becomes FEEL, a literal stays; null when it cannot. */
  value(node: Node, source: string, raw: string): string | null {
    if (!isJuel(raw)) return raw;
    const r = juelToFeel(raw);
    if (r.ok) return r.feel;
    this.skipped(node, source, `${raw}: ${r.reason}`, `${raw}：无法自动转换（${r.reason}）`);
    return null;
  }

  private ext(node: Node): Node[] {
    let ext = node.extensionElements as Node | undefined;
    if (!ext) {
      ext = this.moddle.create('bpmn:ExtensionElements', { values: [] }) as Node;
      node.extensionElements = ext;
    }
    if (!Array.isArray(ext.values)) ext.values = [];
    return ext.values as Node[];
  }
  /** The node's zeebe:<type> extension element (created when missing), with `attrs` set. */
  zeebe(node: Node, type: string, attrs: Record<string, unknown>): Node {
    const values = this.ext(node);
    let el = values.find((v) => v.$type === `zeebe:${type}`);
    if (!el) {
      el = this.moddle.create(`zeebe:${type}`, {}) as Node;
      values.push(el);
    }
    Object.assign(el, attrs);
    return el;
  }

  /** Takes (removes) a Camunda 7 attribute of a node. */
  private take(node: Node, name: string): string | undefined {
    const key = `${this.prefix}:${name}`;
    const v = node.$attrs?.[key];
    if (v !== undefined) delete node.$attrs![key];
    return v;
  }

  walk(node: Node): void {
    if (!node || typeof node !== 'object') return;
    this.convertElement(node);
    for (const key of ['rootElements', 'flowElements', 'artifacts']) {
      const list = node[key];
      if (Array.isArray(list)) for (const child of list as Node[]) this.walk(child);
    }
  }

  private convertElement(node: Node): void {
    const t = node.$type;
    if (t === 'bpmn:Process') this.process(node);
    if (t === 'bpmn:UserTask') this.userTask(node);
    if (['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'].includes(t)) this.serviceTask(node);
    if (t === 'bpmn:EndEvent' || t === 'bpmn:IntermediateThrowEvent') {
      const def = ((node.eventDefinitions as Node[] | undefined) ?? [])[0];
      if (def?.$type === 'bpmn:MessageEventDefinition') this.serviceTask(node, def);
    }
    if (t === 'bpmn:ScriptTask') this.scriptTask(node);
    if (t === 'bpmn:CallActivity') this.callActivity(node);
    if (t === 'bpmn:StartEvent') {
      const initiator = this.take(node, 'initiator');
      if (initiator)
        this.skipped(
          node,
          'camunda:initiator',
          `"${initiator}": Camunda 8 keeps no initiator variable; Forma's flows know it as the requester`,
          `“${initiator}”：Camunda 8 没有发起人变量；Forma 流程中请使用 requester（申请人）`,
        );
      const formKey = this.take(node, 'formKey');
      if (formKey) this.formKey(node, formKey);
    }
    if (t === 'bpmn:SequenceFlow') this.condition(node);
    this.timers(node);
    this.loop(node);
    convertExtensions(this, node);
    for (const [key] of Object.entries(node.$attrs ?? {})) {
      if (!key.startsWith(`${this.prefix}:`)) continue;
      const name = key.slice(this.prefix.length + 1);
      const value = this.take(node, name)!;
      if (DROPPED.has(name))
        this.skipped(
          node,
          key,
          `dropped: Camunda 8 has no ${name} (every step is persisted)`,
          `已删除：Camunda 8 没有 ${name}（每一步都会持久化）`,
        );
      else
        this.skipped(
          node,
          key,
          `"${value}" has no Camunda 8 equivalent; removed`,
          `“${value}”在 Camunda 8 中没有对应项；已删除`,
        );
    }
  }

  private process(node: Node): void {
    const tag = this.take(node, 'versionTag');
    if (tag) {
      this.zeebe(node, 'VersionTag', { value: tag });
      this.changed(node, 'camunda:versionTag', `zeebe:versionTag "${tag}"`);
    }
  }

  private userTask(node: Node): void {
    const assignment: Record<string, string> = {};
    for (const name of ['assignee', 'candidateUsers', 'candidateGroups'] as const) {
      const raw = this.take(node, name);
      if (raw === undefined) continue;
      const v = this.value(node, `camunda:${name}`, raw);
      if (v === null) continue;
      assignment[name] = v;
      this.changed(node, `camunda:${name}`, `zeebe:assignmentDefinition ${name}="${v}"`);
    }
    if (Object.keys(assignment).length) this.zeebe(node, 'AssignmentDefinition', assignment);
    const schedule: Record<string, string> = {};
    for (const name of ['dueDate', 'followUpDate'] as const) {
      const raw = this.take(node, name);
      if (raw === undefined) continue;
      const v = this.value(node, `camunda:${name}`, raw);
      if (v === null) continue;
      schedule[name] = v;
      this.changed(node, `camunda:${name}`, `zeebe:taskSchedule ${name}="${v}"`);
    }
    if (Object.keys(schedule).length) this.zeebe(node, 'TaskSchedule', schedule);
    const priority = this.take(node, 'priority');
    if (priority !== undefined) {
      const v = this.value(node, 'camunda:priority', priority);
      if (v !== null) {
        this.zeebe(node, 'PriorityDefinition', { priority: v });
        this.changed(node, 'camunda:priority', `zeebe:priorityDefinition priority="${v}"`);
      }
    }
    const formKey = this.take(node, 'formKey');
    if (formKey) this.formKey(node, formKey);
    const formRef = this.take(node, 'formRef');
    if (formRef) {
      this.zeebe(node, 'FormDefinition', { formId: formRef });
      this.changed(node, 'camunda:formRef', `zeebe:formDefinition formId="${formRef}"`);
    }
  }

  private formKey(node: Node, formKey: string): void {
    const linked = /^camunda-forms:(?:deployment|app):(.+?)(?:\.form)?$/.exec(formKey);
    if (linked) {
      this.zeebe(node, 'FormDefinition', { formId: linked[1] });
      this.changed(
        node,
        'camunda:formKey',
        `zeebe:formDefinition formId="${linked[1]}" (deploy the form with that id)`,
        `zeebe:formDefinition formId="${linked[1]}"（请以该 ID 部署表单）`,
      );
      return;
    }
    this.zeebe(node, 'FormDefinition', { formKey });
    this.changed(node, 'camunda:formKey', `zeebe:formDefinition formKey="${formKey}"`);
  }

  private serviceTask(node: Node, holder: Node = node): void {
    let type: string | undefined;
    let header: [string, string] | undefined;
    const cls = this.take(holder, 'class');
    const delegate = this.take(holder, 'delegateExpression');
    const expression = this.take(holder, 'expression');
    const kind = this.take(holder, 'type');
    const topic = this.take(holder, 'topic');
    const resultVariable = this.take(holder, 'resultVariable');
    const decisionRef = this.take(holder, 'decisionRef');
    if (kind === 'external' && topic) type = topic;
    else if (cls) type = cls;
    else if (delegate) {
      const bean = /^[$#]\{\s*([A-Za-z_$][\w$]*)\s*\}$/.exec(delegate.trim());
      type = bean ? bean[1] : delegate.replace(/[$#{}\s]/g, '');
    } else if (expression) {
      type = /^[$#]\{\s*([A-Za-z_$][\w$]*)/.exec(expression)?.[1] ?? 'camunda7-expression';
      header = ['expression', expression];
    }
    const source =
      kind === 'external'
        ? 'camunda:topic'
        : cls
          ? 'camunda:class'
          : delegate
            ? 'camunda:delegateExpression'
            : 'camunda:expression';
    if (decisionRef) {
      this.zeebe(node, 'CalledDecision', {
        decisionId: decisionRef,
        resultVariable: resultVariable ?? 'result',
      });
      this.changed(node, 'camunda:decisionRef', `zeebe:calledDecision decisionId="${decisionRef}"`);
      return;
    }
    if (!type) return;
    this.zeebe(node, 'TaskDefinition', { type });
    this.changed(
      node,
      source,
      `zeebe:taskDefinition type="${type}": a job for an external worker (or a Forma action of that name)`,
      `zeebe:taskDefinition type="${type}"：由外部工作者处理的作业（或同名的 Forma 动作）`,
    );
    const headers: Array<[string, string]> = [];
    if (header) headers.push(header);
    if (resultVariable) headers.push(['resultVariable', resultVariable]);
    if (headers.length) {
      const h = this.zeebe(node, 'TaskHeaders', {});
      h.values = [
        ...((h.values as Node[] | undefined) ?? []),
        ...headers.map(([key, value]) => this.moddle.create('zeebe:Header', { key, value })),
      ];
    }
  }

  private scriptTask(node: Node): void {
    const resultVariable = this.take(node, 'resultVariable');
    const format = String(node.scriptFormat ?? '').toLowerCase();
    const script = typeof node.script === 'string' ? node.script.trim() : '';
    if (format === 'feel' && script && resultVariable) {
      this.zeebe(node, 'Script', {
        expression: script.startsWith('=') ? script : `=${script}`,
        resultVariable,
      });
      delete node.script;
      delete node.scriptFormat;
      this.changed(node, 'scriptFormat="feel"', `zeebe:script resultVariable="${resultVariable}"`);
    } else if (script || format)
      this.skipped(
        node,
        `scriptFormat="${format}"`,
        'scripts in other languages do not run in Camunda 8: rewrite it as a FEEL expression or a job',
        '其他语言的脚本无法在 Camunda 8 中运行：请改写为 FEEL 表达式或作业',
      );
  }

  private callActivity(node: Node): void {
    const called = typeof node.calledElement === 'string' ? node.calledElement : undefined;
    const binding = this.take(node, 'calledElementBinding');
    const version = this.take(node, 'calledElementVersion') ?? this.take(node, 'calledElementVersionTag');
    if (called) {
      const processId = this.value(node, 'calledElement', called);
      if (processId !== null) {
        const attrs: Record<string, unknown> = { processId };
        this.zeebe(node, 'CalledElement', attrs);
        this.changed(node, 'calledElement', `zeebe:calledElement processId="${processId}"`);
      }
      delete node.calledElement;
    }
    if (binding === 'versionTag' && version) {
      const el = this.zeebe(node, 'CalledElement', {});
      el.$attrs = { ...(el.$attrs as object), bindingType: 'versionTag', versionTag: version };
      this.changed(node, 'camunda:calledElementBinding', `bindingType="versionTag" versionTag="${version}"`);
    } else if (binding === 'deployment') {
      const el = this.zeebe(node, 'CalledElement', {});
      el.$attrs = { ...(el.$attrs as object), bindingType: 'deployment' };
      this.changed(node, 'camunda:calledElementBinding', 'bindingType="deployment"');
    } else if (binding === 'version')
      this.skipped(
        node,
        'camunda:calledElementBinding="version"',
        `Camunda 8 cannot pin version ${version ?? ''}; the latest version is called (use a version tag)`,
        `Camunda 8 无法固定版本 ${version ?? ''}；将调用最新版本（可改用版本标签）`,
      );
  }

  private condition(node: Node): void {
    const cond = node.conditionExpression as Node | undefined;
    const body = typeof cond?.body === 'string' ? cond.body : undefined;
    if (!cond || !body || !isJuel(body)) return;
    const v = this.value(node, 'conditionExpression', body);
    if (v !== null) {
      cond.body = v;
      this.changed(node, 'conditionExpression', v);
    }
  }

  private timers(node: Node): void {
    for (const def of (node.eventDefinitions as Node[] | undefined) ?? []) {
      if (def.$type !== 'bpmn:TimerEventDefinition') continue;
      for (const key of ['timeDuration', 'timeDate', 'timeCycle']) {
        const expr = def[key] as Node | undefined;
        if (typeof expr?.body === 'string' && isJuel(expr.body)) {
          const v = this.value(node, key, expr.body);
          if (v !== null) {
            expr.body = v;
            this.changed(node, key, v);
          }
        }
      }
    }
  }

  private loop(node: Node): void {
    const loop = node.loopCharacteristics as Node | undefined;
    if (!loop || loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return;
    const collection = this.take(loop, 'collection');
    const element = this.take(loop, 'elementVariable');
    this.take(loop, 'asyncBefore');
    this.take(loop, 'asyncAfter');
    if (collection) {
      const v = this.value(
        node,
        'camunda:collection',
        collection.includes('{') ? collection : `\${${collection}}`,
      );
      if (v !== null) {
        const attrs: Record<string, string> = { inputCollection: v };
        if (element) attrs.inputElement = element;
        this.zeebe(loop, 'LoopCharacteristics', attrs);
        this.changed(node, 'camunda:collection', `zeebe:loopCharacteristics inputCollection="${v}"`);
      }
    }
    const cond = loop.completionCondition as Node | undefined;
    if (typeof cond?.body === 'string' && isJuel(cond.body)) {
      const v = this.value(node, 'completionCondition', cond.body);
      if (v !== null) cond.body = v;
    }
  }
}

/** Whether the file is a Camunda 7 model (declares the Camunda 7 namespace). */
export const isCamunda7 = (xml: string): boolean => xml.includes(CAMUNDA7_NS);

/** Converts a Camunda 7 model; a file without Camunda 7 content comes back unchanged. */
export async function convertCamunda7(xml: string): Promise<{ xml: string; report: ConversionReport }> {
  if (!isCamunda7(xml)) return { xml, report: { camunda7: false, changes: [], unconverted: [] } };
  const moddle = getModdle();
  const parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
  const definitions = parsed.rootElement as Node;
  const converter = new Converter(definitions);
  converter.walk(definitions);
  const out = await moddle.toXML(definitions, { format: true });
  return { xml: out.xml, report: converter.report };
}
