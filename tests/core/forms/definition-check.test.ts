import { describe, expect, it } from 'vitest';
import { checkDefinition } from '#engine/core/forms/definition-check.ts';
import { at, expenseClaim } from './fixtures.ts';

const paths = (def: unknown) => checkDefinition(def).map((p) => p.path);

describe('publish-time rules for form definitions', () => {
  it('accepts a complete definition', () => {
    expect(checkDefinition(expenseClaim())).toEqual([]);
  });

  it('reports a definition that does not fit the definition schema, with the path', () => {
    const def = { ...expenseClaim(), name: { en: 'Claim' } };
    const problems = checkDefinition(def);
    expect(problems.map((p) => p.path)).toContain('/name/zh-CN');
    expect(problems[0]?.messageZh).toBeTruthy();
  });

  it('a timeline date names a single, not sensitive top-level date field', () => {
    const def = expenseClaim();
    at(def.schema, 'properties').submittedOn = { type: 'string', format: 'date' };
    def.labels!.submittedOn = { en: 'Submitted on', 'zh-CN': '提交日期' };
    const problem = (field: string) => paths({ ...def, timelineDate: field });
    expect(problem('submittedOn')).toEqual([]);
    expect(problem('title')).toEqual(['/timelineDate']);
    expect(problem('nothing')).toEqual(['/timelineDate']);
    expect(problem('lines.date')).toEqual(['/timelineDate']);
    expect(problem('phone')).toEqual(['/timelineDate']);
  });

  it("checks a public action's fields: top-level single values, neither sensitive nor computed", () => {
    const title = { en: 'Rate us', 'zh-CN': '评分' };
    const problem = (fields: string[], required?: string[], more: object[] = []) =>
      paths({
        ...expenseClaim(),
        publicActions: [{ id: 'rate', title, fields, ...(required ? { required } : {}) }, ...more],
      });
    expect(problem(['priority', 'category'], ['priority'])).toEqual([]);
    expect(problem(['nothing', 'payee', 'phone', 'total'])).toEqual(
      [0, 1, 2, 3].map((i) => `/publicActions/0/fields/${i}`),
    );
    expect(problem(['lines.date'])).toEqual(['/publicActions/0/fields/0']); // not a top-level name
    expect(problem(['priority'], ['title'])).toEqual(['/publicActions/0/required/0']);
    expect(problem([])).toEqual(['/publicActions/0/fields']);
    expect(problem(['priority'], [], [{ id: 'rate', title, fields: ['title'] }])).toEqual([
      '/publicActions/1/id',
    ]);
  });

  it("checks an e-mail import's mapping: top-level single values, the sender's field a link", () => {
    const problem = (mailImport: object) => paths({ ...expenseClaim(), mailImport });
    expect(problem({ fields: { subject: 'title', from: 'phone' }, values: { priority: 'high' } })).toEqual(
      [],
    );
    expect(
      problem({
        fields: { subject: 'title', text: 'lines', date: 'nothing' },
        sender: { field: 'title', match: [] },
        values: { payee: 'x' },
      }),
    ).toEqual([
      '/mailImport/fields/text',
      '/mailImport/fields/date',
      '/mailImport/values/payee',
      '/mailImport/sender/match',
      '/mailImport/sender/field',
    ]);
    // Not a message field (ajv names the key once per failed keyword).
    expect(new Set(problem({ fields: { body: 'title' } }))).toEqual(new Set(['/mailImport/fields']));
  });

  it('rejects an invalid JSON Schema (meta-schema) at the offending keyword', () => {
    const def = expenseClaim();
    at(def.schema, 'properties', 'title').minLength = -1;
    expect(paths(def)).toContain('/schema/properties/title/minLength');
  });

  it('rejects unsupported keywords by name, with a hint where one helps', () => {
    const def = expenseClaim();
    at(def.schema).dependencies = { a: ['b'] };
    at(def.schema, 'properties', 'payee').patternProperties = { '^x': { type: 'string' } };
    const problems = checkDefinition(def);
    expect(problems.map((p) => p.path)).toEqual([
      '/schema/dependencies',
      '/schema/properties/payee/patternProperties',
    ]);
    expect(problems[0]?.message).toContain('dependentRequired');
    expect(problems[0]?.messageZh).toContain('dependentRequired');
  });

  it('requires a label in both languages for every field, nested and in lists', () => {
    const def = expenseClaim();
    delete def.labels!['lines.amount'];
    delete def.labels!['payee.city'];
    const problems = checkDefinition(def);
    expect(problems.map((p) => p.path).sort()).toEqual(['/labels/lines.amount', '/labels/payee.city']);
    expect(problems[0]?.message).toMatch(/label in English and Chinese/);
    expect(problems[0]?.messageZh).toMatch(/中英文标签/);
  });

  it('counts fields declared in conditional branches and $defs', () => {
    const def = expenseClaim();
    const schema = at(def.schema);
    schema.then = { properties: { reason: { type: 'string' } }, required: ['destination'] };
    schema.$defs = { address: { type: 'object', properties: { street: { type: 'string' } } } };
    at(schema, 'properties').address = { $ref: '#/$defs/address' };
    expect(paths(def).sort()).toEqual(['/labels/address', '/labels/address.street', '/labels/reason']);
  });

  it('rejects unknown formats, external $refs and field names that are not identifiers', () => {
    const def = expenseClaim();
    at(def.schema, 'properties', 'title').format = 'colour';
    at(def.schema, 'properties', 'payee', 'properties')['first name'] = { type: 'string' };
    at(def.schema, 'properties').extra = { $ref: 'https://example.com/x.json' };
    def.labels!['payee.first name'] = { en: 'First', 'zh-CN': '名' };
    def.labels!.extra = { en: 'Extra', 'zh-CN': '额外' };
    expect(paths(def)).toEqual(
      expect.arrayContaining([
        '/schema/properties/title/format',
        '/schema/properties/extra/$ref',
        '/schema/properties/payee/properties/first name',
      ]),
    );
  });

  it('checks every path the metadata mentions', () => {
    const def = expenseClaim({
      sensitiveFields: ['phone', 'nope', 'lines.amount'],
      titleField: 'phone',
      computed: [
        { field: 'total', expression: 'sum(lines.amount' },
        { field: 'missing', expression: '1' },
      ],
      listColumns: ['data.title', 'title', 'data.nope'],
      defaultSort: { field: 'data.lines.amount' },
      indexes: [
        'data.phone',
        { fields: ['data.payee.city', { field: 'createdAt', direction: 'desc' }] },
        { fields: ['data.lines.amount', { field: 'data.payee', direction: 'asc' }, 'data.nope'] },
        { fields: [] },
      ],
      optionLabels: { category: { taxi: { en: 'Taxi', 'zh-CN': '出租车' } }, title: {} },
    });
    expect(paths(def).sort()).toEqual(
      [
        '/sensitiveFields/1',
        '/sensitiveFields/2',
        '/titleField',
        '/computed/0/expression',
        '/computed/1/field',
        '/listColumns/2',
        '/defaultSort/field',
        '/indexes/0',
        '/indexes/2/fields/0',
        '/indexes/2/fields/1/field',
        '/indexes/2/fields/2',
        '/indexes/3/fields',
        '/optionLabels/category/taxi',
        '/optionLabels/title',
      ].sort(),
    );
  });

  it('rejects required names that are not declared and uiSchema entries for unknown fields', () => {
    const def = expenseClaim({
      uiSchema: { titel: { 'ui:autofocus': true }, lines: { items: { amout: {} } } },
    });
    (at(def.schema).required as string[]).push('amount');
    expect(paths(def).sort()).toEqual([
      '/schema/required/3',
      '/uiSchema/lines/items/amout',
      '/uiSchema/titel',
    ]);
  });
  it('rejects a ui:order that leaves out a field or names one that is not there, unless it has "*"', () => {
    const fields = Object.keys(at(expenseClaim().schema).properties as object);
    const order = (names: string[]) => paths(expenseClaim({ uiSchema: { 'ui:order': names } }));
    expect(order(fields)).toEqual([]);
    expect(order([fields[0]!, '*'])).toEqual([]);
    expect(order(fields.slice(1))).toEqual(['/uiSchema/ui:order']);
    expect(order([...fields, 'payrollRun'])).toEqual(['/uiSchema/ui:order']);
    const lines = at(expenseClaim().schema).properties as Record<string, { items: { properties: object } }>;
    const items = Object.keys(lines.lines!.items.properties);
    expect(paths(expenseClaim({ uiSchema: { lines: { items: { 'ui:order': items.slice(1) } } } }))).toEqual([
      '/uiSchema/lines/items/ui:order',
    ]);
  });
});
