// The stock ledger (one row per entry) and the bins (one row per item × warehouse) as report
// sources, filtered by the reader's 'stock' row rules. Their fields are what the report builder offers.
import {
  appendOnlyStamp,
  latestWriteStamp,
  sourceField as field,
  type ReportSource,
} from '../reports/report-rows.ts';
import { STOCK_BINS } from './stock-bins.ts';
import { STOCK_ENTRIES } from './stock-entries.ts';

export const STOCK_LEDGER_SOURCE: ReportSource = {
  collection: STOCK_ENTRIES,
  resource: 'stock',
  stamp: appendOnlyStamp, // entries are only ever added
  label: { en: 'Stock ledger', 'zh-CN': '库存台账' },
  fields: [
    field('postingDate', 'Posting date', '过账日期', 'date'),
    field('item', 'Item', '物料', 'string'),
    field('warehouse', 'Warehouse', '仓库', 'string'),
    field('batch', 'Batch', '批次', 'string'),
    field('qty', 'Quantity', '数量', 'number'),
    field('rate', 'Rate', '单价', 'number'),
    field('valueChange', 'Value change', '金额变动', 'number'),
    field('qtyAfter', 'Quantity after', '结存数量', 'number'),
    field('valueAfter', 'Value after', '结存金额', 'number'),
    field('source.form', 'Source form', '来源单据', 'string'),
    field('source.kind', 'Kind', '类型', 'string'),
  ],
};

export const STOCK_BALANCE_SOURCE: ReportSource = {
  collection: STOCK_BINS,
  resource: 'stock',
  stamp: latestWriteStamp, // bins are rewritten in place, each write stamped
  label: { en: 'Stock balance', 'zh-CN': '库存余额' },
  fields: [
    field('item', 'Item', '物料', 'string'),
    field('warehouse', 'Warehouse', '仓库', 'string'),
    field('qty', 'On hand', '在库数量', 'number'),
    field('value', 'Value', '库存金额', 'number'),
    field('reserved', 'Reserved', '已预留', 'number'),
    field('ordered', 'Ordered', '在途订购', 'number'),
    field('projected', 'Projected', '预计可用', 'number'),
  ],
};
