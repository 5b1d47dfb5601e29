// The request catalogue (issue 8). Part of the portal's first load: keep its imports light.
import { useMessages } from '../i18n/react.tsx';
import { EmptyState, Page } from '../ui/index.ts';
import { portalMessages } from './messages.ts';

export default function RequestsPage() {
  const t = useMessages(portalMessages);
  return (
    <Page title={t('requests.title')} intro={t('requests.intro')}>
      <EmptyState icon="requests" title={t('requests.emptyTitle')}>
        {t('requests.emptyText')}
      </EmptyState>
    </Page>
  );
}
