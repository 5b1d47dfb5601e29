// The forms' error catalogue: every error of a form definition, draft, publish or version lookup
// a caller can cause, defined once with its code, HTTP status and en/zh-CN message.
import { defineErrors, type ErrorDetail } from '../errors.ts';

export const formErrors = defineErrors('forms', {
  definitionInvalid: {
    code: 'FORM_DEFINITION_INVALID',
    status: 400,
    text: (details: ErrorDetail[]) => ({
      en: 'The form definition is malformed',
      zh: '表单定义格式错误',
      details,
    }),
  },
  idMismatch: {
    code: 'FORM_ID_MISMATCH',
    status: 400,
    text: (urlId: string) => ({
      en: 'The definition id differs from the URL',
      zh: '表单定义的 id 与 URL 不一致',
      details: [{ path: '/definition/id', message: `must be "${urlId}"`, messageZh: `须为“${urlId}”` }],
    }),
  },
  exists: {
    code: 'FORM_EXISTS',
    status: 409,
    text: (formId: string) => ({
      en: `A form with id "${formId}" already exists`,
      zh: `id 为“${formId}”的表单已存在`,
    }),
  },
  moduleChanged: {
    code: 'FORM_MODULE_CHANGED',
    status: 400,
    text: (module: string) => ({
      en: 'A form cannot move to another module',
      zh: '表单不能移到其他模块',
      details: [{ path: '/module', message: `stays "${module}"`, messageZh: `须保持为“${module}”` }],
    }),
  },
  hiddenSetUnknown: {
    code: 'FORM_HIDDEN_SET_UNKNOWN',
    status: 400,
    text: (hidden: string) => ({
      en: 'No catalogue entry of this form hides exactly these fields from its requester',
      zh: '该表单没有任何目录条目对申请人恰好隐藏这些字段',
      details: [
        {
          path: '/hidden',
          message: `"${hidden}" is not such a set`,
          messageZh: `“${hidden}”不是这样的字段组合`,
        },
      ],
    }),
  },
  revisionConflict: {
    code: 'FORM_REVISION_CONFLICT',
    status: 409,
    text: (formId: string) => ({
      en: `The draft of "${formId}" was changed by someone else; reload it`,
      zh: `“${formId}”的草稿已被他人修改，请重新加载`,
    }),
  },
  notPublishable: {
    code: 'FORM_NOT_PUBLISHABLE',
    status: 422,
    text: (problems: ErrorDetail[]) => ({
      en: `The form cannot be published: ${problems.length} problem(s)`,
      zh: `表单无法发布：${problems.length} 个问题`,
      details: problems,
    }),
  },
  publishConflict: {
    code: 'FORM_PUBLISH_CONFLICT',
    status: 409,
    text: { en: 'Someone else published this form just now; try again', zh: '他人刚刚发布了此表单，请重试' },
  },
  /** No such form (or none the caller may see); `published`: the form exists but has no version yet. */
  notFound: {
    code: 'FORM_NOT_FOUND',
    status: 404,
    text: (formId: string, published?: 'published') =>
      published
        ? { en: `Form "${formId}" has no published version`, zh: `表单“${formId}”没有已发布的版本` }
        : { en: `There is no form "${formId}"`, zh: `没有表单“${formId}”` },
  },
  versionNotFound: {
    code: 'FORM_VERSION_NOT_FOUND',
    status: 404,
    text: (formId: string, version: number) => ({
      en: `Form "${formId}" has no version ${version}`,
      zh: `表单“${formId}”没有第 ${version} 版`,
    }),
  },
  deprecated: {
    code: 'FORM_DEPRECATED',
    status: 409,
    text: (formId: string) => ({
      en: `Form "${formId}" is deprecated: it takes no new records`,
      zh: `表单“${formId}”已停用，不能新建记录`,
    }),
  },
  notPublished: {
    code: 'FORM_NOT_PUBLISHED',
    status: 409,
    text: (formId: string) => ({
      en: `Form "${formId}" has not been published yet`,
      zh: `表单“${formId}”尚未发布`,
    }),
  },
});

/** What form errors call a form (for the common errors). */
export const FORM_NOUN = { en: 'form', zh: '表单' };
