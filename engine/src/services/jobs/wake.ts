// Waking long-polling activations. Within a process a job created (or released) by this process
// wakes the waiting activations of its type at once; jobs made by another process (the distributed
// mode: a worker process or another API replica stepped the instance) are found by the waiting
// activation's periodic look at the store (JobService `pollMs`). Short polling of the store was
// chosen over Redis pub/sub: it needs no second connection or port, survives a Redis restart
// without lost wake-ups, and costs one indexed query per waiting type per interval.
export class JobWake {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Resolves when a job of this type may be there, or after `ms` (or when aborted). */
  wait(type: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(type);
      if (!set) this.waiters.set(type, (set = new Set()));
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(type) === set) this.waiters.delete(type);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  wake(type: string): void {
    for (const done of [...(this.waiters.get(type) ?? [])]) done();
  }

  /** Wakes the type's waiters after `ms` (a failed job's back-off). */
  wakeLater(type: string, ms: number): void {
    if (ms <= 0) this.wake(type);
    else setTimeout(() => this.wake(type), ms).unref();
  }
}
