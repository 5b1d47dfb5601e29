// The undo of a one-tap approval: the server holds the approval for a few seconds (its undo
// window); meanwhile a toast says what was approved, counts down and offers Undo. The pending
// approval lives in this module, so the toast follows the approver from the task back to the
// inbox, where they land after approving.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { tasksChanged } from '../shell/task-count.ts';
import { Button } from '../ui/index.ts';
import { approverMessages } from './approver-messages.ts';
import './undo.css';

interface Pending {
  taskId: string;
  /** What was approved, as people read it ("Taxi to the airport · ¥1,286.50"). */
  label: string;
  until: number;
}

type Shown = Pending | { undone: true } | { failed: string } | null;

let shown: Shown = null;
const listeners = new Set<() => void>();
const set = (next: Shown) => {
  shown = next;
  for (const l of listeners) l();
};
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Approves a task, held for the undo window; the toast offers to take it back. */
export async function approveWithUndo(
  taskId: string,
  label: string,
  body: { comment?: string; data?: Record<string, unknown> },
): Promise<void> {
  const reply = await api.post('/api/tasks/{id}/approve', {
    path: { id: taskId },
    body: { ...body, undo: true },
  });
  const until = typeof reply.undoUntil === 'string' ? Date.parse(reply.undoUntil) : Date.now();
  set({ taskId, label, until });
  void tasksChanged([taskId]);
}

export function UndoToast({ onUndone }: { onUndone?: () => void }) {
  const t = useMessages(approverMessages);
  const { locale } = useLocale();
  const current = useSyncExternalStore(subscribe, () => shown);
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState(false);
  const pending = current && 'taskId' in current ? current : null;

  useEffect(() => {
    if (!current) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    // A word ("taken back") stays a few seconds; a pending approval until its window ends.
    const end = pending ? pending.until : Date.now() + 4000;
    const close = setTimeout(() => set(null), Math.max(0, end - Date.now()));
    return () => {
      clearInterval(timer);
      clearTimeout(close);
    };
  }, [current, pending]);

  if (!current) return null;
  const undo = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      await api.post('/api/tasks/{id}/undo', { path: { id: pending.taskId }, body: {} });
      set({ undone: true });
      void tasksChanged();
      onUndone?.();
    } catch (e) {
      set({
        failed:
          e instanceof Error && 'text' in e ? (e as { text(l: string): string }).text(locale) : String(e),
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="fp-toast" role="status" aria-live="polite">
      {pending ? (
        <>
          <span className="fp-toast__text">{t('undo.approved', { name: pending.label })}</span>
          <span className="fp-toast__time" aria-hidden="true">
            {t('undo.seconds', { n: Math.max(0, Math.ceil((pending.until - now) / 1000)) })}
          </span>
          <Button
            variant="secondary"
            icon="undo"
            busy={busy}
            onClick={() => void undo()}
            data-undo={pending.taskId}
          >
            {t('undo.undo')}
          </Button>
        </>
      ) : (
        <span className="fp-toast__text">{'failed' in current ? current.failed : t('undo.undone')}</span>
      )}
    </div>
  );
}
