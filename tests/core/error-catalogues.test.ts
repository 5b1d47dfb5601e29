// The error catalogues: each code is defined once, in one domain, with a client-error status, and
// what a catalogue makes is the AppError the HTTP layer replies with (code, status, both languages,
// field paths).
import { describe, expect, it } from 'vitest';
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import { documentErrors } from '#engine/core/documents/errors.ts';
import { AppError, commonErrors, errorCodeDefinitions } from '#engine/core/errors.ts';
import { fileErrors } from '#engine/core/files/errors.ts';
import { flowErrors } from '#engine/core/flows/errors.ts';
import { formErrors } from '#engine/core/forms/errors.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import { signInErrors } from '#engine/core/identity/errors.ts';
import { ledgerErrors } from '#engine/core/ledger/errors.ts';
import { publicActionErrors } from '#engine/core/public-actions/errors.ts';
import { reportErrors } from '#engine/core/reports/errors.ts';
import { mapError } from '#engine/http/errors.ts';
import { problemOf } from '#engine/http/routes/camunda-v2/problem.ts';

const catalogues = {
  commonErrors,
  approvalErrors,
  camundaErrors,
  fileErrors,
  documentErrors,
  flowErrors,
  formErrors,
  ledgerErrors,
  publicActionErrors,
  recordErrors,
  reportErrors,
  signInErrors,
};

describe('error catalogues', () => {
  it('define each code once, in upper snake case, with a 4xx status', () => {
    const twice = [...errorCodeDefinitions()].filter(([, where]) => where.size > 1);
    expect(twice).toEqual([]);
    for (const [name, catalogue] of Object.entries(catalogues))
      for (const [key, factory] of Object.entries(catalogue)) {
        expect(factory.code, `${name}.${key}`).toMatch(/^[A-Z][A-Z0-9_]*$/);
        expect(factory.status, `${name}.${key}`).toBeGreaterThanOrEqual(400);
        expect(factory.status, `${name}.${key}`).toBeLessThan(500);
      }
  });

  it('make the AppError the API replies with, messages in both languages and the field path', () => {
    const e = formErrors.notFound('trip');
    expect(e).toBeInstanceOf(AppError);
    expect(mapError(e)).toEqual({
      status: 404,
      body: {
        error: {
          code: 'FORM_NOT_FOUND',
          message: 'There is no form "trip"',
          messageZh: '没有表单“trip”',
          details: [],
        },
      },
    });
    expect(formErrors.notFound('trip', 'published').message).toBe('Form "trip" has no published version');
    const readOnly = recordErrors.fieldReadOnly(['data.payee.city']);
    expect([readOnly.status, readOnly.code, readOnly.details]).toEqual([
      403,
      'FIELD_READ_ONLY',
      [{ path: '/data/payee/city', message: 'read-only field', messageZh: '只读字段' }],
    ]);
    const problems = flowErrors.invalidDefinition([
      { code: 'NO_INCOMING', elementId: 'task1', elementName: 'Check', message: 'no flow', messageZh: '无' },
    ]);
    expect([problems.status, problems.message, problems.details[0]?.path]).toEqual([
      422,
      'The BPMN definition has 1 problem; nothing was deployed.',
      '/elements/task1',
    ]);
    expect(approvalErrors.commentRequired().details).toEqual([
      { path: '/comment', message: 'is required', messageZh: '必填' },
    ]);
  });

  it("reach Camunda's clients as problem details, with Forma's code and both languages beside them", () => {
    expect(
      problemOf(mapError(camundaErrors.processInstanceNotFound('42')), '/v2/process-instances/42'),
    ).toEqual({
      type: 'about:blank',
      title: 'NOT_FOUND',
      status: 404,
      detail: 'There is no process instance with key 42.',
      instance: '/v2/process-instances/42',
      code: 'PROCESS_INSTANCE_NOT_FOUND',
      detailZh: '没有键为 42 的流程实例。',
      details: [],
    });
    expect(problemOf(mapError(camundaErrors.tokenInvalid()), '/v2/topology').title).toBe('UNAUTHORIZED');
  });
});
