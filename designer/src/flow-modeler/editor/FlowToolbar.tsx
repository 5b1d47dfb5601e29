// Above the diagram: undo, redo, fit to screen, and what the server's deploy check says.
import { useMessages } from '#designer/i18n/react.tsx';
import { Icon } from '#designer/ui/index.ts';
import { IconButton } from '#designer/ui/kit/index.ts';
import { flowModelerMessages } from '../messages.ts';

export function FlowToolbar({
  onCommand,
  onFit,
  checking,
  problems,
}: {
  onCommand(name: 'undo' | 'redo'): void;
  onFit(): void;
  checking: boolean;
  /** How many problems the last check found. */
  problems: number;
}) {
  const t = useMessages(flowModelerMessages);
  return (
    <div className="f-flow__toolbar">
      <IconButton icon="undo" label={t('undo')} onClick={() => onCommand('undo')} />
      <IconButton icon="redo" label={t('redo')} onClick={() => onCommand('redo')} />
      <IconButton icon="fit" label={t('zoomFit')} onClick={onFit} />
      <span
        className={`f-flow__check${problems ? ' f-flow__check--problems' : ''}`}
        role="status"
        data-problems={problems}
      >
        <Icon name={problems ? 'alert' : 'check'} size={16} />
        {checking ? t('validating') : problems ? t('checkProblems', { n: problems }) : t('checkOk')}
      </span>
    </div>
  );
}
