// Copies a text (a one-time password) to the clipboard and says so; where the clipboard is not
// available (an insecure origin), it selects the text so the admin can copy it by hand.
import { useState } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { Button } from '#designer/ui/index.ts';
import { peopleMessages } from '../people-messages.ts';

export function CopyButton({ text, selectId }: { text: string; selectId: string }) {
  const t = useMessages(peopleMessages);
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const node = document.getElementById(selectId);
      if (node) window.getSelection()?.selectAllChildren(node);
      setState('select');
    }
  };
  return (
    <>
      <Button icon={state === 'copied' ? 'check' : 'copy'} data-action="copy" onClick={() => void copy()}>
        {state === 'copied' ? t('users.copied') : t('users.copy')}
      </Button>
      <span className="f-visually-hidden" role="status">
        {state === 'copied' ? t('users.copied') : state === 'select' ? t('users.copySelect') : ''}
      </span>
    </>
  );
}
