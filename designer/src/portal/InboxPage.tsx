// The approval inbox (issue 8).
import { useMessages } from '../i18n/react.tsx';
import { EmptyState, Page } from '../ui/index.ts';
import { portalMessages } from './messages.ts';

export default function InboxPage() {
  const t = useMessages(portalMessages);
  return (
    <Page title={t('inbox.title')} intro={t('inbox.intro')}>
      <EmptyState icon="inbox" title={t('inbox.emptyTitle')}>
        {t('inbox.emptyText')}
      </EmptyState>
    </Page>
  );
}
