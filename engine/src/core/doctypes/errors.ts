// The document-type screens' error catalogue: document types, saved views and code lookups.
import { defineErrors } from '../errors.ts';

export const doctypeErrors = defineErrors('doctypes', {
  notFound: {
    code: 'DOCTYPE_NOT_FOUND',
    status: 404,
    text: (form: string) => ({
      en: `There is no document type "${form}" you may read`,
      zh: `没有您可查看的文档类型“${form}”`,
    }),
  },
  viewNotFound: {
    code: 'SAVED_VIEW_NOT_FOUND',
    status: 404,
    text: (id: string) => ({ en: `You have no saved view "${id}"`, zh: `您没有已保存的视图“${id}”` }),
  },
  viewExists: {
    code: 'SAVED_VIEW_EXISTS',
    status: 409,
    text: (name: string) => ({
      en: `You already have a view named "${name}" for this document type`,
      zh: `此文档类型下已有名为“${name}”的视图`,
      details: [{ path: '/name', message: 'name taken', messageZh: '名称已被使用' }],
    }),
  },
  tooManyViews: {
    code: 'SAVED_VIEWS_TOO_MANY',
    status: 409,
    text: (max: number) => ({
      en: `At most ${max} saved views per document type; delete one first`,
      zh: `每个文档类型最多保存 ${max} 个视图，请先删除一个`,
    }),
  },
  viewStale: {
    code: 'SAVED_VIEW_REVISION_CONFLICT',
    status: 409,
    text: (name: string) => ({
      en: `The view "${name}" was changed elsewhere; reload it`,
      zh: `视图“${name}”已在别处修改，请重新加载`,
    }),
  },
});
