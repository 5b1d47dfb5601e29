// The modules domain's errors, each with its stable code and both languages (one catalogue, as
// fastify keeps its errors in lib/errors.js): the module lifecycle and the named rules.
import { badRequest, conflict, notFound, unprocessable, type AppError, type ErrorDetail } from '../errors.ts';
import type { ModuleProblem } from './definition.ts';
import type { UnmetDependency } from './order.ts';

type During = 'install' | 'enable' | 'upgrade';
const DURING_ZH: Record<During, string> = { install: '安装', enable: '启用', upgrade: '升级' };

export const moduleErrors = {
  entryNotFound: (id: string): AppError =>
    notFound('ENTRY_NOT_FOUND', `There is no request "${id}" in the catalogue`, `目录中没有申请“${id}”`),

  draftNotFound: (entry: string): AppError =>
    notFound('DRAFT_NOT_FOUND', `You have no draft of "${entry}"`, `您没有“${entry}”的草稿`),

  /** The entry exists, but its module is disabled (its records stay). */
  entryModuleDisabled: (): AppError =>
    conflict('MODULE_DISABLED', 'This request belongs to a disabled module', '此申请所属的模块已停用'),

  notFound: (id: string): AppError =>
    notFound('MODULE_NOT_FOUND', `There is no module "${id}"`, `没有模块“${id}”`),

  installed: (id: string): AppError =>
    conflict('MODULE_INSTALLED', `Module "${id}" is already installed`, `模块“${id}”已安装`),

  notInstalled: (id: string): AppError =>
    conflict('MODULE_NOT_INSTALLED', `Module "${id}" is not installed`, `模块“${id}”尚未安装`),

  broken: (id: string, problems: readonly ModuleProblem[]): AppError =>
    unprocessable(
      'MODULE_BROKEN',
      `Module "${id}" has ${problems.length} problem(s) in its definition`,
      `模块“${id}”的定义有 ${problems.length} 个问题`,
      problems.slice(0, 100).map((p) => ({
        path: `${p.file}${p.path ? ` ${p.path}` : ''}`,
        message: p.message,
        messageZh: p.messageZh,
      })),
    ),

  required: (id: string, dependents: readonly string[]): AppError =>
    conflict(
      'MODULE_REQUIRED',
      `Disable ${dependents.join(', ')} first: they depend on "${id}"`,
      `请先停用 ${dependents.join('、')}：它们依赖“${id}”`,
      dependents.map((d) => ({ path: '/id', message: `${d} depends on it`, messageZh: `${d} 依赖此模块` })),
    ),

  dependencyUnmet: (id: string, during: During, unmet: readonly UnmetDependency[]): AppError => {
    const en = (u: UnmetDependency) =>
      u.reason === 'missing'
        ? 'not installed'
        : u.reason === 'disabled'
          ? 'disabled'
          : `${u.found}, not ${u.range}`;
    const zh = (u: UnmetDependency) =>
      u.reason === 'missing'
        ? '未安装'
        : u.reason === 'disabled'
          ? '未启用'
          : `版本为 ${u.found}，不满足 ${u.range}`;
    return conflict(
      'MODULE_DEPENDENCY_UNMET',
      `Cannot ${during} "${id}": ${unmet.map((u) => `${u.id} is ${en(u)}`).join('; ')}`,
      `无法${DURING_ZH[during]}“${id}”：${unmet.map((u) => `${u.id}${zh(u)}`).join('；')}`,
      unmet.map((u) => ({ path: `/depends/${u.id}`, message: u.reason, messageZh: zh(u) })),
    );
  },

  settingsInvalid: (details: ErrorDetail[]): AppError =>
    unprocessable(
      'MODULE_SETTINGS_INVALID',
      'The settings do not fit the module’s settings schema',
      '设置不符合模块的设置规范',
      details,
    ),

  downgrade: (available: string, installed: string): AppError =>
    conflict(
      'MODULE_DOWNGRADE',
      `Version ${available} is older than the installed ${installed}`,
      `版本 ${available} 低于已安装的 ${installed}`,
    ),

  versionUnchanged: (version: string): AppError =>
    conflict(
      'MODULE_VERSION_UNCHANGED',
      `The definition changed but its version is still ${version}: raise the version`,
      `模块定义已变化，但版本号仍为 ${version}：请提高版本号`,
    ),

  revisionConflict: (id: string): AppError =>
    conflict(
      'MODULE_REVISION_CONFLICT',
      `Module "${id}" was changed by someone else; reload it`,
      `模块“${id}”已被他人修改，请刷新`,
    ),

  ruleNotFound: (id: string): AppError =>
    notFound('RULE_NOT_FOUND', `There is no rule "${id}"`, `没有规则“${id}”`),

  ruleInputMissing: (id: string, missing: readonly string[]): AppError =>
    unprocessable(
      'RULE_INPUT_MISSING',
      `Rule "${id}" needs the input(s) ${missing.join(', ')}`,
      `规则“${id}”缺少输入：${missing.join('、')}`,
      missing.map((name) => ({ path: `/${name}`, message: 'is required', messageZh: '必填' })),
    ),

  ruleFailed: (id: string, value: string, why: string): AppError =>
    unprocessable(
      'RULE_FAILED',
      `Rule "${id}", value "${value}": ${why}`,
      `规则“${id}”的值“${value}”无法计算：${why}`,
      [{ path: `/values/${value}`, message: why }],
    ),

  /** A tap time sent to an entry that keeps none (not a one-tap entry, or no `tap.tappedAt`). */
  tapTimeNotAccepted: (): AppError =>
    badRequest(
      'TAP_TIME_NOT_ACCEPTED',
      'This request takes no tap time: send it without one',
      '此申请不接受打卡时间，请不带时间提交',
      [{ path: '/tappedAt', message: 'not accepted here', messageZh: '此处不接受' }],
    ),

  /** A tap time that is no date and time (the route's schema checks it first). */
  tapTimeInvalid: (): AppError =>
    badRequest('TAP_TIME_INVALID', "The tap's time is not a date and time", '打卡时间不是有效的日期时间', [
      {
        path: '/tappedAt',
        message: 'a date and time, e.g. 2026-03-09T08:58:00Z',
        messageZh: '日期时间，如 2026-03-09T08:58:00Z',
      },
    ]),

  /** A queued tap that arrives later than the entry allows (tap.tappedAt.maxAgeHours). */
  tapTooOld: (maxAgeHours: number): AppError =>
    unprocessable(
      'TAP_TOO_OLD',
      `This tap was made more than ${maxAgeHours} hours ago and can no longer be sent; ask for a correction instead`,
      `此次打卡已超过 ${maxAgeHours} 小时，无法再提交，请改为申请补卡`,
      [
        {
          path: '/tappedAt',
          message: `at most ${maxAgeHours} hours old`,
          messageZh: `不得早于 ${maxAgeHours} 小时之前`,
        },
      ],
    ),

  /** A tap time ahead of the server's clock by more than the skew allowed. */
  tapInFuture: (): AppError =>
    unprocessable(
      'TAP_TIME_IN_FUTURE',
      "The tap's time is ahead of the server's clock: check the device's date and time",
      '打卡时间晚于服务器时间，请检查设备的日期和时间',
      [{ path: '/tappedAt', message: 'in the future', messageZh: '晚于当前时间' }],
    ),

  /** A catalogue entry's precheck found a refusal (e.g. leave above the balance): nothing was stored. */
  requestRefused: (refusals: Array<{ code: string; message: string; messageZh: string }>): AppError =>
    unprocessable(
      'REQUEST_REFUSED',
      refusals.map((r) => r.message).join('; '),
      refusals.map((r) => r.messageZh).join('；'),
      refusals.map((r) => ({ path: '/data', message: r.message, messageZh: r.messageZh })),
    ),
};
