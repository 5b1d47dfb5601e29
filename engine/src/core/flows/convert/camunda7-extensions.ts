// Camunda 7 extension elements → their zeebe counterparts, for the converter in camunda7.ts:
// input/output parameters become an IO mapping, a call activity's in/out variables become its
// mappings or propagation flags, properties become zeebe properties. Every other Camunda 7
// extension (listeners above all) is removed and listed as not converted, with the reason.
import { isJuel } from './juel.ts';
import type { Converter, Node } from './camunda7.ts';

/** camunda:inputOutput, camunda:in/out, camunda:properties; other camunda: extensions are dropped. */
export function convertExtensions(c: Converter, node: Node): void {
  const ext = node.extensionElements as Node | undefined;
  const values = (ext?.values as Node[] | undefined) ?? [];
  const keep: Node[] = [];
  const inputs: Node[] = [];
  const outputs: Node[] = [];
  for (const v of values) {
    const local = v.$type.startsWith(`${c.prefix}:`) ? v.$type.slice(c.prefix.length + 1) : null;
    if (local === null) {
      keep.push(v);
      continue;
    }
    c.report.camunda7 = true;
    if (local === 'inputOutput') {
      for (const p of (v.$children as Node[] | undefined) ?? []) {
        const isInput = p.$type.endsWith('inputParameter');
        const name = p.$attrs?.name ?? (p.name as string | undefined);
        const body = typeof p.$body === 'string' ? p.$body.trim() : '';
        if (!name || (p.$children as Node[] | undefined)?.length) {
          c.skipped(
            node,
            `camunda:${isInput ? 'input' : 'output'}Parameter ${name ?? ''}`,
            'only text parameters convert (lists, maps and scripts do not)',
            '只有文本参数可以转换（列表、映射和脚本不可以）',
          );
          continue;
        }
        const source = c.value(node, `camunda:inputOutput ${name}`, body || '');
        if (source === null) continue;
        const mapping = c.moddle.create(isInput ? 'zeebe:Input' : 'zeebe:Output', {
          source: isJuel(body) ? source : `="${body.replace(/"/g, '\\"')}"`,
          target: name,
        });
        (isInput ? inputs : outputs).push(mapping as Node);
        c.changed(
          node,
          `camunda:${isInput ? 'input' : 'output'}Parameter ${name}`,
          `zeebe:${isInput ? 'input' : 'output'} target="${name}"`,
        );
      }
    } else if (local === 'in' || local === 'out') {
      const a = v.$attrs ?? {};
      if (a.variables === 'all') {
        const called = c.zeebe(node, 'CalledElement', {});
        called[local === 'in' ? 'propagateAllParentVariables' : 'propagateAllChildVariables'] = true;
        c.changed(
          node,
          `camunda:${local} variables="all"`,
          `propagateAll${local === 'in' ? 'Parent' : 'Child'}Variables`,
        );
      } else if (a.source || a.sourceExpression) {
        const src = a.sourceExpression
          ? c.value(node, `camunda:${local}`, a.sourceExpression)
          : `=${a.source}`;
        if (src === null) continue;
        const mapping = c.moddle.create(local === 'in' ? 'zeebe:Input' : 'zeebe:Output', {
          source: src,
          target: a.target ?? a.source,
        });
        (local === 'in' ? inputs : outputs).push(mapping as Node);
        c.changed(
          node,
          `camunda:${local} ${a.source ?? a.sourceExpression}`,
          `zeebe:${local === 'in' ? 'input' : 'output'} target="${a.target ?? a.source}"`,
        );
      } else
        c.skipped(
          node,
          `camunda:${local}`,
          'only variables, source and sourceExpression convert',
          '只有 variables、source 和 sourceExpression 可以转换',
        );
    } else if (local === 'properties') {
      const props = ((v.$children as Node[] | undefined) ?? []).map((p) =>
        c.moddle.create('zeebe:Property', {
          name: p.$attrs?.name ?? p.name,
          value: p.$attrs?.value ?? p.value,
        }),
      );
      keep.push(c.moddle.create('zeebe:Properties', { properties: props }) as Node);
      c.changed(node, 'camunda:properties', 'zeebe:properties');
    } else
      c.skipped(
        node,
        `camunda:${local}`,
        local.toLowerCase().includes('listener')
          ? 'listeners run Java code of a Camunda 7 application: removed (use a service task or an automation)'
          : 'has no Camunda 8 equivalent: removed',
        local.toLowerCase().includes('listener')
          ? '监听器运行 Camunda 7 应用的 Java 代码：已删除（请改用服务任务或自动化）'
          : '在 Camunda 8 中没有对应项：已删除',
      );
  }
  if (inputs.length || outputs.length)
    keep.push(
      c.moddle.create('zeebe:IoMapping', { inputParameters: inputs, outputParameters: outputs }) as Node,
    );
  if (ext) ext.values = keep;
}
