// Payroll end to end, in both run modes: three months of one employee's payslips match a case
// computed by hand — Shanghai's 2026 employee rates (pension 8 %, medical 2 %, unemployment
// 0.5 %, housing fund 7 %, each rounded half up to the fen) and the income tax withheld by the
// cumulative method (5,000 a month deducted, the 3 % bracket in January, 10 % from February as
// the year's taxable income passes 36,000). A month's payslips reach their employee only once the
// payroll run HR submits is approved (by finance: nobody approves their own request), and each
// employee sees their own payslip and employee record only, and prints it as a 工资条 (net pay also
// in capital numerals). A month's sales commission, shared
// between salespeople and reduced by a return, is approved and lands on the payslip — entered by HR,
// and (purchasing-sales installed) from submitted sales invoices, their returns and cancellations.
// With finance, an approved run posts its voucher with the employer's contributions; cancelling it
// reverses the voucher, refused once a payslip is paid. An exam is scored on the server and the
// answer key is in no response to the examinee.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { recordCollection } from '#engine/services/records/record-docs.ts';
import { MODES, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { HR, startHr } from './hr-fixtures.ts';

const FORM = 'hr-payslip';

// By hand, for a base of 30,123.45 a month (inside Shanghai's base 7,460–37,302):
//   pension 30123.45 × 8 % = 2409.876 → 2409.88; medical × 2 % = 602.469 → 602.47;
//   unemployment × 0.5 % = 150.61725 → 150.62; housing fund × 7 % = 2108.6415 → 2108.64;
//   contributions 5271.61. Taxable each month: 30123.45 − 5000 − 5271.61 = 19851.84.
//   Jan: cumulative 19851.84 × 3 % = 595.5552 → 595.56, withheld 595.56.
//   Feb: 39703.68 × 10 % − 2520 = 1450.368 → 1450.37, withheld 1450.37 − 595.56 = 854.81.
//   Mar: 59555.52 × 10 % − 2520 = 3435.552 → 3435.55, withheld 3435.55 − 1450.37 = 1985.18.
const EXPECTED = [
  { period: '2026-01', cumTaxable: '19851.84', rate: '3', cumTax: '595.56', tax: '595.56', net: '24256.28' },
  {
    period: '2026-02',
    cumTaxable: '39703.68',
    rate: '10',
    cumTax: '1450.37',
    tax: '854.81',
    net: '23997.03',
  },
  {
    period: '2026-03',
    cumTaxable: '59555.52',
    rate: '10',
    cumTax: '3435.55',
    tax: '1985.18',
    net: '22866.66',
  },
];

describe.each(MODES)('HR payroll (%s)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-01-25T02:00:00Z'));
  beforeAll(async () => {
    t = await startHr(mode, clock);
  });
  afterAll(() => t?.close());

  async function payslip(employee: string, period: string, base: string): Promise<any> {
    const hr = await t.client(HR);
    const made = await hr.post(`/api/records/${FORM}`, {
      data: { employee, period, city: 'shanghai', base },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    let row: any;
    await waitFor(
      async () => (row = (await hr.get(`/api/records/${FORM}/${made.body.id}`)).body).data.net !== undefined,
      20_000,
      `payslip ${employee} ${period} computed`,
    );
    return row;
  }

  async function approveRun(period: string, entry = 'hr-payroll-run'): Promise<string> {
    const hr = await t.client(HR);
    const submitted = await hr.post(`/api/catalogue/${entry}/submit`, { data: { period } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const { instanceId } = submitted.body;
    await waitFor(
      async () =>
        (await t.app.services.flows.getInstance(instanceId)).openTasks.some((x) => x.elementId === 'hr'),
      20_000,
      'the HR step',
    );
    // Nobody approves their own request: HR prepares the month, someone else in HR or finance approves.
    const finance = await t.client('finance');
    const processId = entry === 'hr-payroll-run' ? 'hr-payroll-approval' : 'hr-commission-approval';
    const task = (await finance.get(`/api/tasks?processId=${processId}`)).body.items.find(
      (x: any) => x.instanceId === instanceId,
    );
    expect(task, 'the run in the inbox of finance').toBeDefined();
    const res = await finance.post(`/api/tasks/${task.id}/approve`, { comment: 'Payroll checked' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await waitFor(
      async () => (await t.app.services.flows.getInstance(instanceId)).status === 'completed',
      20_000,
      'the run approved',
    );
    return submitted.body.record.id;
  }

  it('matches the hand-computed case over three months of cumulative tax', async () => {
    for (const [i, expected] of EXPECTED.entries()) {
      clock.set(Date.parse(`2026-0${i + 1}-25T02:00:00Z`));
      const employee = await t.client('employee'); // sessions end as the clock moves a month on
      const slip = await payslip('zheng.xin', expected.period, '30123.45');
      expect(slip.data).toMatchObject({
        gross: '30123.45',
        pension: '2409.88',
        medical: '602.47',
        unemployment: '150.62',
        housingFund: '2108.64',
        contributions: '5271.61',
        cumMonths: i + 1,
        ...expected,
      });
      // Not the employee's to see before HR approves the month.
      expect((await employee.get(`/api/records/${FORM}/${slip.id}`)).status).toBe(404);
      await approveRun(expected.period);
      const seen = await employee.get(`/api/records/${FORM}/${slip.id}`);
      expect([seen.status, seen.body.status, seen.body.data.net]).toEqual([200, 'approved', expected.net]);
    }
  });

  it('shows each employee their own payslips and record only; managers no salaries', async () => {
    await payslip('wang.fang', '2026-03', '12000.00');
    await approveRun('2026-03');
    const mine = (await (await t.client('employee')).get(`/api/records/${FORM}?limit=50`)).body.items;
    expect(mine.map((r: any) => [r.data.employee, r.data.period])).toEqual(
      expect.arrayContaining([
        ['zheng.xin', '2026-01'],
        ['zheng.xin', '2026-02'],
        ['zheng.xin', '2026-03'],
      ]),
    );
    expect(mine.every((r: any) => r.data.employee === 'zheng.xin')).toBe(true);
    const hers = (await (await t.client('wang.fang')).get(`/api/records/${FORM}?limit=50`)).body.items;
    expect(hers.map((r: any) => [r.data.employee, r.data.period])).toEqual([['wang.fang', '2026-03']]);
    // A manager is an employee too: their own payslips only (none), not their reports'.
    const managers = await (await t.client('manager')).get(`/api/records/${FORM}?limit=50`);
    expect([managers.status, managers.body.items]).toEqual([200, []]);
    expect((await (await t.client('manager')).get(`/api/records/${FORM}/${mine[0].id}`)).status).toBe(404);

    const records = async (login: string) =>
      (await (await t.client(login)).get('/api/records/hr-employee?limit=50')).body.items;
    const own = await records('employee');
    expect(own.map((r: any) => r.data.user)).toEqual(['zheng.xin']);
    // Their own record in clear (the record is theirs), encrypted where it is stored.
    expect([own[0].data.idNumber, own[0].masked]).toEqual(['440106199512253519', undefined]);
    const stored = await t.store.collection<any>(recordCollection('hr-employee')).get(own[0].id);
    expect(stored).not.toBeNull();
    expect(JSON.stringify(stored)).not.toContain('440106199512253519');
    // The manager: their own record, and their reports' without the sensitive fields at all.
    const seen = await records('manager');
    expect(seen.map((r: any) => r.data.user).sort()).toEqual(['wu.hao', 'zheng.xin', 'zhou.jie']);
    for (const r of seen.filter((x: any) => x.data.user !== 'wu.hao')) {
      expect([r.data.name, r.data.position]).not.toContain(undefined);
      expect([r.data.idNumber, r.data.bankAccount, r.data.salary]).toEqual([undefined, undefined, undefined]);
    }
    const all = await records(HR);
    expect(all).toHaveLength(7);
    const zheng = all.find((r: any) => r.data.user === 'zheng.xin');
    expect([zheng.data.salary, zheng.masked]).toEqual(['9800.00', undefined]);
    const stranger = await (await t.client('wang.fang')).get(`/api/records/hr-employee/${zheng.id}`);
    expect(stranger.status).toBe(404);
  });

  // By hand, April 2026, plans hardware 3 %, services 5 % (the default settings):
  //   S-1 hardware 12,345.67 shared li.lei 60 % / wang.fang 40 %; S-2 services 8,000.00 li.lei alone;
  //   R-1 a hardware return of 2,000.00 on S-1, same shares; S-3 toys 999.00 (no plan: no commission).
  //   li.lei: sales 7407.402 + 8000 + 999 = 16406.402 → 16406.40; returns 1200.00;
  //     commission (7407.402 − 1200) × 3 % + 8000 × 5 % = 186.22206 + 400 = 586.22206 → 586.22.
  //   wang.fang: (4938.268 − 800) × 3 % = 124.14804 → 124.15.
  //   li.lei's payslip, base 10,000.00: gross 10586.22; pension 846.8976 → 846.90, medical
  //   211.7244 → 211.72, unemployment 52.9311 → 52.93, housing fund 741.0354 → 741.04, together
  //   1852.59; taxable 10586.22 − 5000 − 1852.59 = 3733.63, tax × 3 % = 112.0089 → 112.01;
  //   net 10586.22 − 1852.59 − 112.01 = 8621.62.
  it('prints a payslip as a 工资条, net pay in capital numerals; an employee prints their own only', async () => {
    const employee = await t.client('employee');
    const march = (await employee.get(`/api/records/${FORM}?limit=50`)).body.items.find(
      (r: any) => r.data.period === '2026-03',
    );
    const printed = await employee.get(`/api/records/${FORM}/${march.id}/print`);
    expect(printed.status, JSON.stringify(printed.body)).toBe(200);
    const doc = printed.body;
    expect([doc.title['zh-CN'], doc.title.en, doc.format.id, doc.format.paper]).toEqual([
      '工资条',
      'Payslip',
      'hr-payslip-standard',
      'A5-landscape',
    ]);
    const cells = doc.sections
      .filter((s: any) => s.cells)
      .flatMap((s: any) => s.cells.map((c: any) => [c.label['zh-CN'], c.value['zh-CN']]));
    expect(cells).toEqual(
      expect.arrayContaining([
        ['月份', '2026-03'],
        ['应发工资', '30,123.45'],
        ['养老保险（个人）', '2,409.88'],
        ['本月预扣个税', '1,985.18'],
        ['实发工资', '22,866.66'],
      ]),
    );
    const net = doc.sections.find((s: any) => s.type === 'totals').cells[0];
    expect([net.label.en, net.inWords]).toEqual(['Net pay', '贰万贰仟捌佰陆拾陆元陆角陆分']);
    // Another employee may not print it (it is not theirs to read); HR may.
    expect((await (await t.client('wang.fang')).get(`/api/records/${FORM}/${march.id}/print`)).status).toBe(
      404,
    );
    expect((await (await t.client(HR)).get(`/api/records/${FORM}/${march.id}/print`)).status).toBe(200);
  });

  it('adds an approved, shared sales commission net of returns to the payslip', async () => {
    clock.set(Date.parse('2026-04-25T02:00:00Z'));
    const hr = await t.client(HR);
    const sales = [
      [
        'S-1',
        'sale',
        'hardware',
        '12345.67',
        [
          ['li.lei', 60],
          ['wang.fang', 40],
        ],
      ],
      ['S-2', 'sale', 'services', '8000.00', [['li.lei', 100]]],
      [
        'R-1',
        'return',
        'hardware',
        '2000.00',
        [
          ['li.lei', 60],
          ['wang.fang', 40],
        ],
      ],
      ['S-3', 'sale', 'toys', '999.00', [['li.lei', 100]]],
    ] as const;
    for (const [reference, kind, productGroup, amount, shares] of sales) {
      const res = await hr.post('/api/records/hr-sales-entry', {
        data: {
          reference,
          period: '2026-04',
          kind,
          productGroup,
          amount,
          shares: shares.map(([salesperson, percent]) => ({ salesperson, percent })),
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const computed: any = {};
    for (const salesperson of ['li.lei', 'wang.fang']) {
      const made = await hr.post('/api/records/hr-commission', { data: { salesperson, period: '2026-04' } });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      await waitFor(
        async () =>
          (computed[salesperson] = (await hr.get(`/api/records/hr-commission/${made.body.id}`)).body).data
            .commission !== undefined,
        20_000,
        `commission of ${salesperson}`,
      );
    }
    expect(computed['li.lei'].data).toMatchObject({
      sales: '16406.40',
      returns: '1200.00',
      commission: '586.22',
    });
    expect(computed['wang.fang'].data).toMatchObject({ returns: '800.00', commission: '124.15' });
    // Not the salesperson's to see, nor on the payslip, before someone else approves the month.
    const li = await t.client('li.lei');
    expect((await li.get(`/api/records/hr-commission/${computed['li.lei'].id}`)).status).toBe(404);
    // Finance, who approves the run, reviews the figures first.
    const reviewed = await (
      await t.client('finance')
    ).get(`/api/records/hr-commission/${computed['li.lei'].id}`);
    expect([reviewed.status, reviewed.body.data.commission]).toEqual([200, '586.22']);
    await approveRun('2026-04', 'hr-commission-run');
    const seen = await li.get(`/api/records/hr-commission/${computed['li.lei'].id}`);
    expect([seen.status, seen.body.status]).toEqual([200, 'approved']);
    const slip = await payslip('li.lei', '2026-04', '10000.00');
    expect(slip.data).toMatchObject({
      commission: '586.22',
      gross: '10586.22',
      contributions: '1852.59',
      cumTaxable: '3733.63',
      tax: '112.01',
      net: '8621.62',
    });
  });

  it('scores an exam on the server: the answer key is in no response to the examinee', async () => {
    clock.set(Date.parse('2026-04-26T02:00:00Z'));
    const hr = await t.client(HR);
    // The course: its materials attached, its own pass mark (70, not the module's 80), a
    // certificate valid for two years.
    const slides = await hr.post('/api/files', {
      name: 'fire-safety.pdf',
      contentType: 'application/pdf',
      content: Buffer.from('%PDF-1.4 fire safety').toString('base64'),
    });
    expect(slides.status, JSON.stringify(slides.body)).toBe(201);
    const course = await hr.post('/api/records/hr-course', {
      data: {
        code: 'safety-2026',
        title: 'Workplace safety 2026',
        titleZh: '2026 年安全生产培训',
        materials: [{ title: 'Slides', file: slides.body.ref }],
        passMark: 70,
        certificateMonths: 24,
      },
    });
    expect(course.status, JSON.stringify(course.body)).toBe(201);
    const questions = [
      { text: 'Fire exits must be kept clear', kind: 'true-false', answer: 'a' },
      { text: 'Which are personal data?', kind: 'multiple', answer: 'a,c' },
      { text: 'Whom do you tell of an accident first?', kind: 'single', answer: 'b' },
    ];
    const ids: string[] = [];
    for (const q of questions) {
      const res = await hr.post('/api/records/hr-exam-question', {
        data: {
          course: 'safety-2026',
          options: [
            { key: 'a', text: 'A' },
            { key: 'b', text: 'B' },
            { key: 'c', text: 'C' },
          ],
          ...q,
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id);
    }
    const employee = await t.client('employee');
    // Every employee reads the course, so they open its materials (HR uploaded them).
    const opened = await employee.request({ method: 'GET', url: `/api/files/${slides.body.id}` });
    expect([opened.status, opened.body]).toEqual([200, '%PDF-1.4 fire safety']);
    const listed = await employee.get('/api/records/hr-exam-question?limit=50');
    expect(listed.body.items).toHaveLength(3);
    expect(JSON.stringify(listed.body)).not.toContain('"answer"');
    const one = await employee.get(`/api/records/hr-exam-question/${ids[1]}`);
    expect([one.status, 'answer' in one.body.data]).toEqual([200, false]);
    expect(
      (await employee.post('/api/reports/hr-exam-key/run', { params: { course: 'safety-2026' } })).status,
    ).toBe(403);

    // Answers are saved as a draft and handed in by submitting them (the attempt limit's check).
    const handIn = async (answers: { question?: string; chosen: string }[], course = 'safety-2026') => {
      const draft = await employee.post('/api/records/hr-exam-attempt', { data: { course, answers } });
      expect(draft.status, JSON.stringify(draft.body)).toBe(201);
      return employee.post(`/api/records/hr-exam-attempt/${draft.body.id}/submit`, { rev: draft.body.rev });
    };
    // Two of three right (the multiple choice only half right counts as wrong): 67 < 80.
    const handedIn = await handIn([
      { question: ids[0], chosen: 'a' },
      { question: ids[1], chosen: 'a' },
      { question: ids[2], chosen: 'b' },
    ]);
    expect(handedIn.status, JSON.stringify(handedIn.body)).toBe(200);
    expect(JSON.stringify(handedIn.body)).not.toContain('a,c');
    let attempt: any;
    await waitFor(
      async () =>
        (attempt = (await employee.get(`/api/records/hr-exam-attempt/${handedIn.body.id}`)).body).data
          .score !== undefined,
      20_000,
      'the attempt scored',
    );
    expect(attempt.data).toMatchObject({ correct: 2, total: 3, score: 67, passed: false });
    expect(JSON.stringify(attempt)).not.toContain('a,c');
    expect((await employee.get(`/api/records/hr-course/${course.body.id}`)).body.data.materials).toEqual([
      { title: 'Slides', file: slides.body.ref },
    ]);

    // A second attempt, all right: passed, and the certificate is on the employee record.
    const retaken = await handIn([
      { question: ids[0], chosen: 'a' },
      { question: ids[1], chosen: 'a,c' },
      { question: ids[2], chosen: 'b' },
    ]);
    expect(retaken.status, JSON.stringify(retaken.body)).toBe(200);
    let certificate: any;
    await waitFor(
      async () =>
        (certificate = (await employee.get('/api/records/hr-certificate?limit=10')).body.items[0]) !==
        undefined,
      20_000,
      'the certificate issued',
    );
    expect(certificate.data).toEqual({
      employee: 'zheng.xin',
      employeeRecord: 'employee-zheng-xin',
      course: 'safety-2026',
      courseTitle: '2026 年安全生产培训',
      attempt: retaken.body.id,
      score: 100,
      issuedOn: '2026-04-26',
      validUntil: '2028-04-25',
    });
    expect((await employee.get('/api/records/hr-certificate?limit=10')).body.items).toHaveLength(1);
    const linked = await hr.get('/api/records/hr-employee/employee-zheng-xin/linked');
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(JSON.stringify(linked.body)).toContain(certificate.id);
    const completion = await hr.post('/api/reports/hr-training-completion/run', {
      params: { from: '2026-04-01', to: '2026-05-01' },
    });
    expect(completion.body.rows).toEqual([{ course: 'safety-2026', employees: 1, averageScore: '100.0' }]);
    // The examinee cannot give themselves a score.
    const cheat = await employee.post('/api/records/hr-exam-attempt', {
      data: { course: 'safety-2026', answers: [], score: 100, passed: true },
    });
    expect(cheat.status).toBeGreaterThanOrEqual(400);
    expect(cheat.status).toBeLessThan(500);

    // A course allowing two attempts: the third hand-in is refused at the course, in both
    // languages, and stays a draft; the same person may still sit a course without a limit.
    const limited = await hr.post('/api/records/hr-course', {
      data: { code: 'forklift', title: 'Forklift', titleZh: '叉车操作', attemptsAllowed: 2 },
    });
    expect(limited.status, JSON.stringify(limited.body)).toBe(201);
    const forklift = await hr.post('/api/records/hr-exam-question', {
      data: {
        course: 'forklift',
        kind: 'true-false',
        text: 'Seat belt on',
        options: [
          { key: 'a', text: 'A' },
          { key: 'b', text: 'B' },
        ],
        answer: 'a',
      },
    });
    expect(forklift.status, JSON.stringify(forklift.body)).toBe(201);
    for (let i = 0; i < 2; i++) {
      const ok = await handIn([{ question: forklift.body.id, chosen: 'b' }], 'forklift');
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    }
    const third = await handIn([{ question: forklift.body.id, chosen: 'a' }], 'forklift');
    expect(third.status, JSON.stringify(third.body)).toBe(422);
    expect(third.body.error.code).toBe('DOCUMENT_CHECK_REFUSED');
    expect(third.body.error.details).toEqual([
      {
        path: '/data/course',
        code: 'EXAM_ATTEMPTS_USED',
        message: "All 2 attempt(s) allowed on this course's exam are used.",
        messageZh: '本课程考试允许的 2 次作答已全部用完。',
      },
    ]);
    const attempts = (await employee.get('/api/records/hr-exam-attempt?limit=50')).body.items.filter(
      (a: any) => a.data.course === 'forklift',
    );
    expect(attempts.map((a: any) => a.docstatus ?? 'draft').sort()).toEqual([
      'draft',
      'submitted',
      'submitted',
    ]);
  });

  // March 2026 by hand: zheng.xin's payslip above and wang.fang's (base 12,000.00: contributions
  // 960 + 240 + 60 + 840 = 2100.00, tax (12000 − 5000 − 2100) × 3 % = 147.00, net 9753.00).
  it('reports payroll to HR and finance only; headcount, turnover and contract ends by department', async () => {
    const run = async (login: string, id: string, params: object) =>
      (await t.client(login)).post(`/api/reports/${id}/run`, { params });
    const summary = await run('finance', 'hr-payroll-summary', { period: '2026-03' });
    expect(summary.status, JSON.stringify(summary.body)).toBe(200);
    expect(summary.body.rows).toEqual([
      {
        period: '2026-03',
        payslips: 2,
        commission: '0.00',
        gross: '42123.45',
        contributions: '7371.61',
        tax: '2132.18',
        net: '32619.66',
      },
    ]);
    expect((await run(HR, 'hr-payroll-summary', { period: '2026-04' })).body.rows[0]).toMatchObject({
      commission: '586.22',
      gross: '10586.22',
    });
    for (const login of ['employee', 'manager'])
      expect((await run(login, 'hr-payroll-summary', { period: '2026-03' })).status).toBe(403);

    // wang.fang leaves on 31 May; zheng.xin's contract ends the same day, wu.hao's next year.
    const hr = await t.client(HR);
    const employees = (await hr.get('/api/records/hr-employee?limit=50')).body.items;
    for (const [user, patch] of [
      ['wang.fang', { leftOn: '2026-05-31' }],
      ['zheng.xin', { contracts: [{ kind: 'fixed-term', start: '2024-02-19', end: '2026-05-31' }] }],
      ['wu.hao', { contracts: [{ kind: 'fixed-term', start: '2024-01-31', end: '2027-01-31' }] }],
    ] as const) {
      const row = employees.find((r: any) => r.data.user === user);
      const res = await hr.patch(`/api/records/hr-employee/${row.id}`, { rev: row.rev, patch });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const period = { from: '2026-01-01', to: '2026-07-01' };
    const heads = await run(HR, 'hr-headcount', period);
    expect(heads.status, JSON.stringify(heads.body)).toBe(200);
    const pick = ({ department, startHeadcount, joined, left, headcount, turnover }: any) => ({
      department,
      startHeadcount,
      joined,
      left,
      headcount,
      turnover,
    });
    // sales-east: zhang.min and wang.fang at the start, li.lei joined in March, wang.fang left:
    // 1 leaver over an average of (2 + 2) / 2 = 2 is 50 %.
    expect(heads.body.rows.map(pick)).toEqual([
      { department: 'hq', startHeadcount: '1', joined: 0, left: 0, headcount: '1', turnover: '0.00' },
      { department: 'operations', startHeadcount: '3', joined: 0, left: 0, headcount: '3', turnover: '0.00' },
      {
        department: 'sales-east',
        startHeadcount: '2',
        joined: 1,
        left: 1,
        headcount: '2',
        turnover: '50.00',
      },
    ]);
    expect((await run('manager', 'hr-headcount', period)).status).toBe(403);
    const ending = await run(HR, 'hr-contract-expiries', period);
    expect(ending.body.rows).toEqual([
      {
        department: 'operations',
        contractEnd: '2026-05-31',
        employee: 'zheng.xin',
        name: employees.find((r: any) => r.data.user === 'zheng.xin').data.name,
        contracts: 1,
      },
    ]);
  });

  // May 2026 by hand (finance installed now, so this run posts; the earlier runs did not):
  //   wang.fang, base 12,000.00 (her second month: cumulative taxable 9,800 × 3 % − 147 withheld):
  //     pension 960.00, medical 240.00, unemployment 60.00, housing fund 840.00, tax 147.00,
  //     net 9753.00;
  //   zhang.min, base 8,888.88: pension 711.1104 → 711.11, medical 177.7776 → 177.78,
  //     unemployment 44.4444 → 44.44, housing fund 622.2216 → 622.22 (together 1555.55), tax
  //     (8888.88 − 5000 − 1555.55) × 3 % = 69.9999 → 70.00, net 7263.33.
  //   Voucher: Dr salaries 20888.88 = Cr pay payable 17016.33 (the nets) + social insurance
  //   2193.33 + housing fund 1462.22 + income tax 217.00.
  //   The employer's share (Shanghai example rates: pension 16 %, medical 10 %, unemployment
  //   0.5 %, work injury 0.2 %, housing fund 7 %), on the same bases, never deducted:
  //     wang.fang: 1920.00 + 1200.00 + 60.00 + 24.00 + 840.00 = 4044.00;
  //     zhang.min: 1422.2208 → 1422.22, 888.888 → 888.89, 44.4444 → 44.44, 17.77776 → 17.78,
  //       622.2216 → 622.22: 2995.55.
  //   Dr social insurance expense 5577.33 (3342.22 + 2088.89 + 104.44 + 41.78) / Cr its payable;
  //   Dr housing fund expense 1462.22 / Cr its payable. Cost to the employer 27928.43.
  let mayRun = '';
  it('posts the payroll voucher of an approved run when finance is enabled, exact to the fen', async () => {
    clock.set(Date.parse('2026-05-25T02:00:00Z'));
    const admin = await t.client('admin');
    const installed = await admin.post('/api/modules/finance/install', { enable: true });
    expect([installed.status, installed.body.status], JSON.stringify(installed.body)).toEqual([
      200,
      'enabled',
    ]);
    const wang = await payslip('wang.fang', '2026-05', '12000.00');
    expect(wang.data).toMatchObject({
      contributions: '2100.00',
      tax: '147.00',
      net: '9753.00',
      employerPension: '1920.00',
      employerMedical: '1200.00',
      employerUnemployment: '60.00',
      employerInjury: '24.00',
      employerHousingFund: '840.00',
      employerContributions: '4044.00',
    });
    const zhang = await payslip('zhang.min', '2026-05', '8888.88');
    expect(zhang.data).toMatchObject({
      contributions: '1555.55',
      tax: '70.00',
      net: '7263.33',
      employerPension: '1422.22',
      employerMedical: '888.89',
      employerUnemployment: '44.44',
      employerInjury: '17.78',
      employerHousingFund: '622.22',
      employerContributions: '2995.55',
    });
    const runId = (mayRun = await approveRun('2026-05'));
    const finance = await t.client('finance');
    const vouchers = async () => (await finance.get(`/api/ledger/vouchers?sourceId=${runId}`)).body.items;
    await waitFor(async () => (await vouchers()).length === 1, 20_000, 'the payroll voucher');
    const [voucher] = await vouchers();
    expect(voucher).toMatchObject({
      date: '2026-05-31',
      period: '2026-05',
      totalDebit: '27928.43',
      totalCredit: '27928.43',
    });
    expect(voucher.lines.map((l: any) => [l.account, l.debit, l.credit])).toEqual([
      ['5602.06', '20888.88', '0.00'],
      ['2211', '0.00', '17016.33'],
      ['2241.02', '0.00', '2193.33'],
      ['2241.03', '0.00', '1462.22'],
      ['2221.03', '0.00', '217.00'],
      ['5602.07', '5577.33', '0.00'],
      ['2211.02', '0.00', '5577.33'],
      ['5602.08', '1462.22', '0.00'],
      ['2211.03', '0.00', '1462.22'],
    ]);
    // Each payslip names the run that released it: the voucher is that run's, not the month's.
    const hr = await t.client(HR);
    const released = await hr.get(`/api/records/${FORM}/${wang.id}`);
    expect(released.body.data.payrollRun).toBe(runId);
    // The run shows its totals, the employer's contributions and cost too.
    let run: any;
    await waitFor(
      async () =>
        (run = (await hr.get(`/api/records/hr-payroll-run/${runId}`)).body).data.employerCost !== undefined,
      20_000,
      "the run's totals",
    );
    expect([run.status, run.docstatus]).toEqual(['approved', 'submitted']);
    expect(run.data).toMatchObject({
      payslips: 2,
      gross: '20888.88',
      employeeContributions: '3655.55',
      tax: '217.00',
      net: '17016.33',
      employerPension: '3342.22',
      employerMedical: '2088.89',
      employerUnemployment: '104.44',
      employerInjury: '41.78',
      employerHousingFund: '1462.22',
      employerContributions: '7039.55',
      employerCost: '27928.43',
    });
  });

  it('cancelling a posted run reverses its voucher and takes its payslips back; refused once one is paid', async () => {
    const hr = await t.client(HR);
    const finance = await t.client('finance');
    const vouchers = async (run: string) =>
      (await finance.get(`/api/ledger/vouchers?sourceId=${run}`)).body.items;
    const cancel = async (run: string) => {
      const current = (await hr.get(`/api/records/hr-payroll-run/${run}`)).body;
      return hr.post(`/api/records/hr-payroll-run/${run}/cancel`, { rev: current.rev, reason: 'Wrong base' });
    };
    const cancelled = await cancel(mayRun);
    expect([cancelled.status, cancelled.body.docstatus], JSON.stringify(cancelled.body)).toEqual([
      200,
      'cancelled',
    ]);
    // Append-only: the original stays, a reversing voucher swaps its sides; each account nets to 0.
    const both = await vouchers(mayRun);
    expect(both).toHaveLength(2);
    const original = both.find((v: any) => !v.reverses);
    const reversal = both.find((v: any) => v.reverses === original.id);
    expect(original.reversedBy).toBe(reversal.id);
    expect(reversal).toMatchObject({ totalDebit: '27928.43', totalCredit: '27928.43' });
    expect(reversal.lines.map((l: any) => [l.account, l.debit, l.credit])).toEqual(
      original.lines.map((l: any) => [l.account, l.credit, l.debit]),
    );
    const net = new Map<string, number>();
    for (const v of [original, reversal])
      for (const l of v.lines)
        net.set(
          l.account,
          (net.get(l.account) ?? 0) + Math.round((Number(l.debit) - Number(l.credit)) * 100),
        );
    expect([...net.values()].every((x) => x === 0)).toBe(true);
    // The payslips are taken back: unreleased, no run, not the employee's to see.
    const mine = (await hr.get(`/api/records/${FORM}?limit=50`)).body.items.filter(
      (r: any) => r.data.period === '2026-05',
    );
    await waitFor(
      async () =>
        (
          await Promise.all(mine.map(async (r: any) => (await hr.get(`/api/records/${FORM}/${r.id}`)).body))
        ).every((r: any) => r.status === 'active' && r.data.payrollRun === undefined),
      20_000,
      'the payslips taken back',
    );
    const wangs = mine.find((r: any) => r.data.employee === 'wang.fang');
    expect((await (await t.client('wang.fang')).get(`/api/records/${FORM}/${wangs.id}`)).status).toBe(404);

    // The month put to a new run: released and posted again. Once a payslip is paid, the run
    // cannot be cancelled (in both languages, at the run's month) and nothing is reversed.
    const again = await approveRun('2026-05');
    await waitFor(async () => (await vouchers(again)).length === 1, 20_000, 'the new voucher');
    const slip = (await hr.get(`/api/records/${FORM}/${wangs.id}`)).body;
    expect(slip.data.payrollRun).toBe(again);
    const paid = await hr.patch(`/api/records/${FORM}/${wangs.id}`, {
      rev: slip.rev,
      patch: { paidOn: '2026-06-05' },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    const refused = await cancel(again);
    expect([refused.status, refused.body.error?.code], JSON.stringify(refused.body)).toEqual([
      422,
      'DOCUMENT_CHECK_REFUSED',
    ]);
    expect(refused.body.error.details).toEqual([
      {
        path: '/data/period',
        code: 'PAYROLL_PAID',
        message:
          '1 payslip(s) of this run are paid already: it can no longer be cancelled (correct the next month instead).',
        messageZh: '本批次已有 1 张工资条已发放，不能再作废（请在下月更正）。',
      },
    ]);
    expect((await hr.get(`/api/records/hr-payroll-run/${again}`)).body.docstatus).toBe('submitted');
    expect(await vouchers(again)).toHaveLength(1);
  });

  // Commission from the supply chain's invoices (purchasing-sales installed), plan hardware 3 %:
  //   June: invoice A, 1,000 × 10.00 = 10,000.00 net, li.lei 60 % / wang.fang 40 % → 180.00 / 120.00;
  //     invoice B, 500 × 10.00 = 5,000.00, li.lei alone → 150.00. June: li.lei 330.00, wang.fang 120.00.
  //   July: a return of 100 × 10.00 = 1,000.00 on A at A's shares → −18.00 / −12.00; B cancelled on
  //     2 July gives its 150.00 back. July: li.lei −168.00, wang.fang −12.00 (taken back on the payslip).
  let a: any;
  let b: any;
  const ps = (doctype: string) => `/api/records/purchasing-sales-${doctype}`;
  const make = async (doctype: string, data: object, submit = true) => {
    const admin = await t.client('admin');
    const made = await admin.post(ps(doctype), { data });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    if (!submit) return made.body;
    const done = await admin.post(`${ps(doctype)}/${made.body.id}/submit`, { rev: made.body.rev });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return done.body;
  };
  const commission = async (salesperson: string, period: string) => {
    const hr = await t.client(HR); // a fresh session: the clock moves a month on below
    const made = await hr.post('/api/records/hr-commission', { data: { salesperson, period } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    let row: any;
    await waitFor(
      async () =>
        (row = (await hr.get(`/api/records/hr-commission/${made.body.id}`)).body).data.commission !==
        undefined,
      20_000,
      `commission of ${salesperson} ${period}`,
    );
    return row.data;
  };
  const entries = async () =>
    (await (await t.client(HR)).get('/api/records/hr-sales-entry?limit=100')).body.items;

  it('takes commission from submitted sales invoices: shares add up to 100 %, and it reaches the payslip', async () => {
    clock.set(Date.parse('2026-06-20T02:00:00Z'));
    const admin = await t.client('admin');
    const installed = await admin.post('/api/modules/purchasing-sales/install', { enable: true });
    expect([installed.status, installed.body.status], JSON.stringify(installed.body)).toEqual([
      200,
      'enabled',
    ]);
    const customer = await make('customer', { name: 'Ningbo Hardware Co.', creditLimit: '100000.00' }, false);
    const order = await make(
      'sales-order',
      {
        customer: customer.id,
        orderDate: '2026-06-01',
        lines: [{ item: 'PEN-BLUE', qty: 2000, rate: '10.00', vatRate: '13' }],
      },
      false,
    );
    const invoice = (date: string, qty: number, salespeople: object[]) => ({
      salesOrder: order.id,
      date,
      lines: [{ item: 'PEN-BLUE', qty, rate: '10.00', vatRate: '13', productGroup: 'hardware' }],
      salespeople,
    });
    // Shares must add up to 100 %: a clear 4xx at the table, in both languages; nothing stored.
    const bad = await admin.post(ps('sales-invoice'), {
      data: invoice('2026-06-10', 1000, [
        { salesperson: 'li.lei', share: 60 },
        { salesperson: 'wang.fang', share: 30 },
      ]),
    });
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    expect(bad.body.error.details).toEqual([
      {
        path: '/salespeople',
        message: "The salespeople's shares must add up to 100 %",
        messageZh: '销售员分成比例合计必须为 100%',
      },
    ]);
    a = await make(
      'sales-invoice',
      invoice('2026-06-10', 1000, [
        { salesperson: 'li.lei', share: 60 },
        { salesperson: 'wang.fang', share: 40 },
      ]),
    );
    expect(a.data.netTotal).toBe('10000.00');
    b = await make('sales-invoice', invoice('2026-06-15', 500, [{ salesperson: 'li.lei', share: 100 }]));

    await waitFor(
      async () =>
        (await entries()).filter((e: any) => [a.id, b.id].some((id) => e.id === `si-${id}-1`)).length === 2,
      20_000,
      'the invoices counted for commission',
    );
    expect((await entries()).find((e: any) => e.id === `si-${a.id}-1`).data).toEqual({
      reference: a.number,
      period: '2026-06',
      kind: 'sale',
      productGroup: 'hardware',
      amount: '10000.00',
      shares: [
        { salesperson: 'li.lei', percent: 60 },
        { salesperson: 'wang.fang', percent: 40 },
      ],
    });
    expect(await commission('li.lei', '2026-06')).toMatchObject({ sales: '11000.00', commission: '330.00' });
    expect(await commission('wang.fang', '2026-06')).toMatchObject({
      sales: '4000.00',
      commission: '120.00',
    });
    // Approved, June's commission reaches the payslip.
    await approveRun('2026-06', 'hr-commission-run');
    const slip = await payslip('li.lei', '2026-06', '10000.00');
    expect(slip.data).toMatchObject({ commission: '330.00', gross: '10330.00' });
  }, 120_000); // installing purchasing-sales (its flows, automations, reports) is slow on a busy machine's FerretDB

  it("lowers commission by a return at the invoice's shares; a cancelled invoice gives its back", async () => {
    // July: the return lowers A's salespeople's commission at A's shares; cancelling B gives its back.
    clock.set(Date.parse('2026-07-02T02:00:00Z'));
    const current = (await (await t.client('admin')).get(`${ps('sales-invoice')}/${b.id}`)).body;
    const cancelled = await (
      await t.client('admin')
    ).post(`${ps('sales-invoice')}/${b.id}/cancel`, { rev: current.rev, reason: 'Issued twice' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const back = await (
      await t.client('admin')
    ).post(ps('sales-return'), {
      data: {
        salesInvoice: a.id,
        date: '2026-07-05',
        reason: 'Damaged',
        // No product group of its own: the line counts under its item's group on the invoice.
        lines: [{ item: 'PEN-BLUE', qty: 100, rate: '10.00', vatRate: '13' }],
      },
    });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(back.body.data.salespeople).toEqual(a.data.salespeople);
    const returned = await (
      await t.client('admin')
    ).post(`${ps('sales-return')}/${back.body.id}/submit`, { rev: back.body.rev });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    await waitFor(
      async () =>
        (await entries()).filter((e: any) => e.id === `sc-${b.id}-1` || e.id === `sr-${back.body.id}-1`)
          .length === 2,
      20_000,
      'the return and the cancellation counted',
    );
    expect((await entries()).find((e: any) => e.id === `sr-${back.body.id}-1`).data).toMatchObject({
      kind: 'return',
      period: '2026-07',
      productGroup: 'hardware',
      amount: '1000.00',
    });
    expect(await commission('li.lei', '2026-07')).toMatchObject({
      sales: '0.00',
      returns: '5600.00',
      commission: '-168.00',
    });
    expect(await commission('wang.fang', '2026-07')).toMatchObject({
      returns: '400.00',
      commission: '-12.00',
    });
  });

  // A tiered plan, by hand, August 2026: software 0–50,000.00 at 2 %, to 100,000.00 at 3 %, above at 4 %,
  // each band at its own rate. li.lei sells 125,000.00 and takes back 5,000.00: net 120,000.00 →
  //   50,000 × 2 % + 50,000 × 3 % + 20,000 × 4 % = 1,000 + 1,500 + 800 = 3,300.00.
  //   wang.fang 33,333.33 inside the first band: × 2 % = 666.6666 → 666.67 (rounded once, at the end).
  //   zhang.min: a return of 1,000.00 alone, net −1,000.00 → taken back at the first tier's 2 %: −20.00.
  // The per-group plans (hardware 3 %) keep working beside it: li.lei's 1,000.00 of hardware adds 30.00.
  it('computes a tiered plan progressively on the month of net sales, beside the per-group rates', async () => {
    clock.set(Date.parse('2026-08-25T02:00:00Z'));
    const admin = await t.client('admin');
    const hrModule = (await admin.get('/api/modules')).body.items.find((m: any) => m.id === 'hr');
    const tiered = {
      productGroup: 'software',
      tiers: [
        { upTo: 50000, rate: 2 },
        { upTo: 100000, rate: 3 },
        { upTo: null, rate: 4 },
      ],
    };
    const settings = (plans: object[]) => ({ settings: { ...hrModule.settings, commissionPlans: plans } });
    // A plan with neither a rate nor tiers is refused at its path.
    const bad = await admin.put('/api/modules/hr/settings', settings([{ productGroup: 'software' }]));
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    expect(JSON.stringify(bad.body.error.details)).toContain('/commissionPlans/0');
    const set = await admin.put(
      '/api/modules/hr/settings',
      settings([...hrModule.settings.commissionPlans, tiered]),
    );
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const hr = await t.client(HR);
    const lines = [
      ['T-1', 'sale', 'software', '125000.00', 'li.lei'],
      ['T-2', 'return', 'software', '5000.00', 'li.lei'],
      ['T-3', 'sale', 'hardware', '1000.00', 'li.lei'],
      ['T-4', 'sale', 'software', '33333.33', 'wang.fang'],
      ['T-5', 'return', 'software', '1000.00', 'zhang.min'],
    ] as const;
    for (const [reference, kind, productGroup, amount, salesperson] of lines) {
      const res = await hr.post('/api/records/hr-sales-entry', {
        data: {
          reference,
          period: '2026-08',
          kind,
          productGroup,
          amount,
          shares: [{ salesperson, percent: 100 }],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    expect(await commission('li.lei', '2026-08')).toMatchObject({
      sales: '126000.00',
      returns: '5000.00',
      commission: '3330.00',
    });
    expect(await commission('wang.fang', '2026-08')).toMatchObject({ commission: '666.67' });
    expect(await commission('zhang.min', '2026-08')).toMatchObject({
      returns: '1000.00',
      commission: '-20.00',
    });
  });
});
