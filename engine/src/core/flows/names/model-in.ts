// A compiled model with every name (flow, steps, connections) in one language, for readers that
// only know `name` (the approval chain's preview, the timeline, condition texts): handing them the
// model in the reader's language puts every name they show in it without each learning nameZh.
import type { ProcessModel } from '../model.ts';
import { nameIn, type NameLocale } from './localized-name.ts';

const chinese = new WeakMap<ProcessModel, ProcessModel>();

const renamed = <T extends { name?: string; nameZh?: string }>(named: T): T =>
  named.nameZh ? { ...named, name: nameIn(named, 'zh-CN', '') } : named;

/** The model as a reader in `locale` sees it (the model itself in English; made once per model). */
export function modelIn(model: ProcessModel, locale: NameLocale | undefined): ProcessModel {
  if (locale !== 'zh-CN') return model;
  let out = chinese.get(model);
  if (!out) {
    out = {
      ...renamed(model),
      elements: Object.fromEntries(Object.entries(model.elements).map(([id, e]) => [id, renamed(e)])),
      flows: Object.fromEntries(Object.entries(model.flows).map(([id, f]) => [id, renamed(f)])),
    };
    chinese.set(model, out);
  }
  return out;
}
