// The admin console (issue 8).
import { useMessages } from '../i18n/react.tsx';
import { EmptyState, Page } from '../ui/index.ts';
import { adminMessages } from './messages.ts';

export default function AdminPage() {
  const t = useMessages(adminMessages);
  return (
    <Page title={t('title')} intro={t('intro')}>
      <EmptyState icon="admin" title={t('emptyTitle')}>
        {t('emptyText')}
      </EmptyState>
    </Page>
  );
}
