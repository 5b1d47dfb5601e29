// A restore staged through the admin console is applied when Forma next opens its store
// (platform/adapters.ts). `npm start` in the embedded mode (platform/start.ts) handles this signal by
// restarting its app in place, so the restore takes effect at once; where nothing handles it (an
// API replica of the distributed mode, whose workers and other replicas must restart too, or an
// app built by a test) the administrator restarts the processes.
type Handler = () => void;

let handler: Handler | null = null;

export const requestRestart = {
  /** Registers the process's restart; returns the function that unregisters it. */
  handle(fn: Handler): () => void {
    handler = fn;
    return () => {
      if (handler === fn) handler = null;
    };
  },
  /** Whether this process restarts by itself when asked. */
  supported: (): boolean => handler !== null,
  emit(): void {
    handler?.();
  },
};
