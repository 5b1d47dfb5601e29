// Exporting what a screen shows: the records API's export with the screen's filter, search, sort
// and columns, in the person's language, saved as a file by the browser.
import { api } from '../../api/client.ts';
import type { Locale } from '../../i18n/define.ts';
import type { Where } from '../data.ts';
import type { ListState } from './query.ts';
import { download } from '../../ui/download.ts';

/** Downloads the export; resolves when the browser has it. */
export async function exportRecords(
  form: string,
  state: Pick<ListState, 'where' | 'q' | 'sort'>,
  columns: string[],
  format: 'csv' | 'xlsx',
  locale: Locale,
  extra: Where = {},
): Promise<void> {
  const where = { ...state.where, ...extra };
  const file = (await api.post('/api/records/{form}/export', {
    path: { form },
    body: {
      format,
      locale,
      columns,
      query: {
        ...(Object.keys(where).length ? { where } : {}),
        ...(state.q ? { q: state.q } : {}),
        ...(state.sort ? { sort: [state.sort] } : {}),
      },
    },
  })) as unknown as Blob;
  download(file, `${form}-${new Date().toISOString().slice(0, 10)}.${format}`);
}
