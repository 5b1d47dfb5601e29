// The business documents' error catalogue: the lifecycle (submit, cancel, amend and what a
// submitted document refuses), links between documents, numbering series and print formats —
// each error once, with its code, HTTP status and en/zh-CN message (field paths as JSON pointers).
import { defineErrors, type ErrorDetail } from '../errors.ts';

/** A document named in a refusal: what the user can look up. */
export interface DocumentRef {
  form: string;
  id: string;
  /** Its number or title, when the caller may know it. */
  label?: string;
}

const named = (d: DocumentRef): string => d.label ?? d.id;

export const documentErrors = defineErrors('documents', {
  notSubmittable: {
    code: 'DOCUMENT_NOT_SUBMITTABLE',
    status: 409,
    text: (form: string) => ({
      en: `Records of "${form}" have no lifecycle: they are not submitted or cancelled`,
      zh: `“${form}”的记录没有单据生命周期，不能提交或作废`,
    }),
  },
  notDraft: {
    code: 'DOCUMENT_NOT_DRAFT',
    status: 409,
    text: (docstatus: string) => ({
      en: `Only a draft can be submitted; this document is ${docstatus}`,
      zh: `只有草稿可以提交；该单据当前为“${docstatusZh(docstatus)}”`,
    }),
  },
  notSubmitted: {
    code: 'DOCUMENT_NOT_SUBMITTED',
    status: 409,
    text: (docstatus: string) => ({
      en: `Only a submitted document can be cancelled; this one is ${docstatus}`,
      zh: `只有已提交的单据可以作废；该单据当前为“${docstatusZh(docstatus)}”`,
    }),
  },
  notCancelled: {
    code: 'DOCUMENT_NOT_CANCELLED',
    status: 409,
    text: (docstatus: string) => ({
      en: `Only a cancelled document can be amended; this one is ${docstatus}`,
      zh: `只有已作废的单据可以修订；该单据当前为“${docstatusZh(docstatus)}”`,
    }),
  },
  submittedReadOnly: {
    code: 'DOCUMENT_SUBMITTED',
    status: 409,
    text: (pointers: string[]) => ({
      en: 'The document is submitted: only the fields allowed after submit may change. Cancel it and amend it to change the rest.',
      zh: '单据已提交：只能修改提交后允许修改的字段。如需修改其他内容，请先作废再修订。',
      details: pointers.map((path) => ({
        path,
        message: 'cannot change once submitted',
        messageZh: '提交后不能修改',
      })),
    }),
  },
  cancelledReadOnly: {
    code: 'DOCUMENT_CANCELLED',
    status: 409,
    text: {
      en: 'The document is cancelled and cannot change; amend it to make a corrected copy.',
      zh: '单据已作废，不能修改；请修订以生成更正后的副本。',
    },
  },
  deleteSubmitted: {
    code: 'DOCUMENT_DELETE_SUBMITTED',
    status: 409,
    text: {
      en: 'A submitted document cannot be deleted; cancel it instead.',
      zh: '已提交的单据不能删除，请改为作废。',
    },
  },
  hasDependents: {
    code: 'DOCUMENT_HAS_DEPENDENTS',
    status: 409,
    text: (dependents: DocumentRef[], hidden: number) => ({
      en: `Submitted documents depend on this one: ${[...dependents.map(named), ...(hidden ? [`${hidden} you may not open`] : [])].join(', ')}. Cancel them first.`,
      zh: `以下已提交的单据依赖此单据：${[...dependents.map(named), ...(hidden ? [`另有 ${hidden} 张您无权查看`] : [])].join('、')}。请先作废它们。`,
      details: dependents.map((d) => ({
        path: `/dependents/${d.form}/${d.id}`,
        message: `${named(d)} (${d.form}) links to it`,
        messageZh: `${named(d)}（${d.form}）引用了此单据`,
      })),
    }),
  },
  reasonRequired: {
    code: 'CANCEL_REASON_REQUIRED',
    status: 422,
    text: {
      en: 'Say why the document is cancelled',
      zh: '请填写作废原因',
      details: [{ path: '/reason', message: 'is required', messageZh: '必填' }],
    },
  },
  reversalRefused: {
    code: 'REVERSAL_REFUSED',
    status: 409,
    text: (details: ErrorDetail[]) => ({
      en: `What the document posted cannot be reversed: ${details.map((d) => d.message).join('; ')}`,
      zh: `无法冲销该单据已过账的分录：${details.map((d) => d.messageZh ?? d.message).join('；')}`,
      details,
    }),
  },
  amendedAlready: {
    code: 'DOCUMENT_AMENDED_ALREADY',
    status: 409,
    text: (amendment: DocumentRef) => ({
      en: `This document was amended already: ${named(amendment)}`,
      zh: `该单据已修订过：${named(amendment)}`,
      details: [
        { path: `/amendedBy`, message: `amended by ${amendment.id}`, messageZh: `已由 ${amendment.id} 修订` },
      ],
    }),
  },
  busy: {
    code: 'DOCUMENT_BUSY',
    status: 409,
    text: {
      en: 'Someone else is changing this document; try again',
      zh: '他人正在修改该单据，请重试',
    },
  },
  // ---- a draft sent into its approval (services/modules/draft-approval.ts) ----
  inApproval: {
    code: 'DOCUMENT_IN_APPROVAL',
    status: 409,
    text: {
      en: 'This document is in approval already: it is submitted once the approval ends',
      zh: '该单据已在审批中：审批通过后即提交',
    },
  },
  noApproval: {
    code: 'DOCUMENT_NO_APPROVAL',
    status: 409,
    text: (form: string) => ({
      en: `No approval is declared for records of "${form}" (no enabled catalogue entry starts one)`,
      zh: `“${form}”的记录没有声明审批流程（没有已启用的申请目录条目发起审批）`,
    }),
  },
  notOwner: {
    code: 'DOCUMENT_NOT_OWNER',
    status: 403,
    text: {
      en: 'Only its owner (or whoever may submit it outright) sends this draft for approval',
      zh: '只有单据负责人（或有权直接提交者）可以将此草稿提交审批',
    },
  },
  // ---- links ----
  duplicate: {
    code: 'RECORD_DUPLICATE',
    status: 409,
    text: (details: ErrorDetail[]) => ({
      en: 'A record with the same values exists already (it may be one you cannot see, such as a colleague’s or one in the pool)',
      zh: '已存在相同内容的记录（可能是您看不到的记录，例如同事的或公海中的）',
      details,
    }),
  },
  linkNotFound: {
    code: 'LINK_NOT_FOUND',
    status: 422,
    text: (details: ErrorDetail[]) => ({
      en: `${details.length} link(s) point to no record`,
      zh: `${details.length} 个关联字段指向不存在的记录`,
      details,
    }),
  },
  linkCancelled: {
    code: 'LINK_TARGET_CANCELLED',
    status: 422,
    text: (details: ErrorDetail[]) => ({
      en: 'A cancelled document cannot be linked to',
      zh: '不能关联已作废的单据',
      details,
    }),
  },
  linked: {
    code: 'RECORD_LINKED',
    status: 409,
    text: (dependents: DocumentRef[], hidden: number) => ({
      en: `Other records link to this one: ${[...dependents.map(named), ...(hidden ? [`${hidden} you may not open`] : [])].join(', ')}. Remove those links first.`,
      zh: `以下记录引用了此记录：${[...dependents.map(named), ...(hidden ? [`另有 ${hidden} 条您无权查看`] : [])].join('、')}。请先解除这些引用。`,
      details: dependents.map((d) => ({
        path: `/linkedBy/${d.form}/${d.id}`,
        message: `${named(d)} (${d.form}) links to it`,
        messageZh: `${named(d)}（${d.form}）引用了此记录`,
      })),
    }),
  },
  notALink: {
    code: 'LINK_FIELD_UNKNOWN',
    status: 404,
    text: (form: string, field: string) => ({
      en: `Form "${form}" has no link field "${field}"`,
      zh: `表单“${form}”没有关联字段“${field}”`,
      details: [{ path: '/query/field', message: 'not a link field', messageZh: '不是关联字段' }],
    }),
  },
  checkRefused: {
    code: 'DOCUMENT_CHECK_REFUSED',
    status: 422,
    text: (refusals: ErrorDetail[]) => ({
      en: `The document cannot be submitted: ${refusals.map((r) => r.message).join('; ')}`,
      zh: `单据不能提交：${refusals.map((r) => r.messageZh ?? r.message).join('；')}`,
      details: refusals,
    }),
  },
  // ---- making a document from a record (makes) ----
  makeNotFound: {
    code: 'DOCUMENT_MAKE_NOT_FOUND',
    status: 404,
    text: (form: string, make: string) => ({
      en: `Records of "${form}" make nothing called "${make}"`,
      zh: `“${form}”的记录没有名为“${make}”的生成操作`,
    }),
  },
  makeModuleDisabled: {
    code: 'DOCUMENT_MAKE_MODULE_DISABLED',
    status: 409,
    text: (module: string) => ({
      en: `This needs the module "${module}", which is not enabled`,
      zh: `此操作需要模块“${module}”，该模块未启用`,
    }),
  },
  makeRefused: {
    code: 'DOCUMENT_MAKE_REFUSED',
    status: 422,
    text: (refusals: ErrorDetail[]) => ({
      en: `Nothing was made: ${refusals.map((r) => r.message).join('; ')}`,
      zh: `未生成单据：${refusals.map((r) => r.messageZh ?? r.message).join('；')}`,
      details: refusals,
    }),
  },
  madeDeleted: {
    code: 'DOCUMENT_MADE_DELETED',
    status: 409,
    text: (form: string, id: string) => ({
      en: `It was made before as "${id}" of ${form}, which is deleted: restore that record`,
      zh: `此前已生成 ${form} 中的“${id}”，该记录已删除：请恢复它`,
    }),
  },
  // ---- numbering ----
  numberingBusy: {
    code: 'NUMBERING_BUSY',
    status: 409,
    text: (series: string) => ({
      en: `No number could be taken from series ${series}; try again`,
      zh: `编号序列 ${series} 暂时无法分配编号，请重试`,
    }),
  },
  // ---- print ----
  printFormatNotFound: {
    code: 'PRINT_FORMAT_NOT_FOUND',
    status: 404,
    text: (what: string) => ({
      en: `There is no print format "${what}" for this document`,
      zh: `此单据没有打印格式“${what}”`,
    }),
  },
});

export function docstatusZh(docstatus: string): string {
  return { draft: '草稿', submitted: '已提交', cancelled: '已作废' }[docstatus] ?? docstatus;
}
