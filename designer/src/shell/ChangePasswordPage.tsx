import { useMessages } from '../i18n/react.tsx';
import { Page } from '../ui/index.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { shellMessages } from './messages.ts';

/** The voluntary change, inside the app's frame. */
export default function ChangePasswordPage() {
  const t = useMessages(shellMessages);
  return (
    <Page title={t('password.title')}>
      <div className="f-card f-narrow">
        <ChangePasswordForm forced={false} />
      </div>
    </Page>
  );
}
