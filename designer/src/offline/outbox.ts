// Requests submitted while the server could not be reached: kept on this device (IndexedDB, so
// they survive the tab closing and the phone restarting) and sent, oldest first, when it is back.
// A one-tap entry's tap (a check-in) waits here too, with the time it was tapped.
// Each carries the idempotency key it was queued with, and every attempt sends that same key, so
// a submission that reached the server but whose reply was lost is not made twice (the server's
// Idempotency-Key support). A submission the server refuses (its data no longer passes a check)
// stays here with the server's error until the person fixes or discards it; nothing is dropped.
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { ApiError, type ErrorDetail } from '../api/errors.ts';
import { onReachabilityChange, probe, reachability } from './connectivity.ts';

export interface QueuedRequest {
  /** The idempotency key, also this item's id. */
  key: string;
  /** Whose it is: only they see it and it is sent with their session. */
  userId: string;
  entry: string;
  name: { en: string; 'zh-CN': string };
  data: Record<string, unknown>;
  /** A one-tap entry's tap: when it was tapped, sent with it (the entry's `tap.tappedAt`). */
  tappedAt?: string;
  queuedAt: string;
  state: 'queued' | 'refused';
  error?: { code: string; message: string; messageZh: string; details: ErrorDetail[] };
}

const DB = 'forma-offline';
const STORE = 'outbox';
const listeners = new Set<() => void>();
let sending: Promise<void> | null = null;
let sendingCount = 0;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
  } finally {
    db.close();
  }
}

function changed(): void {
  for (const listener of listeners) listener();
}

/** The person's queued and refused requests, oldest first. */
export async function queuedRequests(userId: string): Promise<QueuedRequest[]> {
  const all = await run<QueuedRequest[]>('readonly', (s) => s.getAll() as IDBRequest<QueuedRequest[]>);
  return all.filter((q) => q.userId === userId).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

export async function queuedRequest(key: string): Promise<QueuedRequest | undefined> {
  return run<QueuedRequest | undefined>(
    'readonly',
    (s) => s.get(key) as IDBRequest<QueuedRequest | undefined>,
  );
}

/** Queues a submission (or queues a refused one again, fixed, under its own key). */
export async function enqueue(item: Omit<QueuedRequest, 'state' | 'error' | 'queuedAt'>): Promise<void> {
  await run('readwrite', (s) => s.put({ ...item, queuedAt: new Date().toISOString(), state: 'queued' }));
  changed();
}

export async function discard(key: string): Promise<void> {
  await run('readwrite', (s) => s.delete(key));
  changed();
}

/** A new idempotency key (crypto.randomUUID needs a secure context; a LAN install is plain HTTP). */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function' && isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** How many requests are being sent right now (the banner says so). */
export function sendingNow(): number {
  return sendingCount;
}

/**
 * Sends the person's queued requests, one at a time, oldest first; stops at the first that cannot
 * reach the server (the rest wait for the next time). One run at a time per tab.
 */
export function sendQueued(userId: string): Promise<void> {
  sending ??= (async () => {
    try {
      const queued = (await queuedRequests(userId)).filter((q) => q.state === 'queued');
      if (queued.length === 0 || !(reachability().reachable || (await probe()))) return;
      sendingCount = queued.length;
      changed();
      for (const item of queued) {
        if (!(await sendOne(item))) break;
        sendingCount -= 1;
        changed();
      }
    } finally {
      sendingCount = 0;
      sending = null;
      changed();
    }
  })();
  return sending;
}

/** true: done with this item (sent, or refused and kept with its error); false: try later. */
async function sendOne(item: QueuedRequest): Promise<boolean> {
  try {
    await api.post('/api/catalogue/{entry}/submit', {
      path: { entry: item.entry },
      body: { data: item.data, ...(item.tappedAt ? { tappedAt: item.tappedAt } : {}) },
      headers: { 'idempotency-key': item.key },
    });
  } catch (e) {
    const error = e instanceof ApiError ? e : null;
    // Not reached, the server failing, or the session gone: the same request, later.
    if (!error || error.status === 0 || error.status >= 500 || error.status === 401) return false;
    const refused: QueuedRequest = {
      ...item,
      state: 'refused',
      error: { code: error.code, message: error.message, messageZh: error.messageZh, details: error.details },
    };
    await run('readwrite', (s) => s.put(refused));
    return true;
  }
  await run('readwrite', (s) => s.delete(item.key));
  // The draft it was typed into is done with (the server's copy, if one was saved before).
  await api.delete('/api/drafts/{entry}', { path: { entry: item.entry } }).catch(() => undefined);
  window.dispatchEvent(new CustomEvent('forma:request-sent', { detail: item.key }));
  return true;
}

/** The person's outbox, kept current (pages that list it; the banner is the one that sends). */
export function useOutboxItems(userId: string): QueuedRequest[] {
  const [items, setItems] = useState<QueuedRequest[]>([]);
  useEffect(() => {
    let live = true;
    const reload = () =>
      void queuedRequests(userId)
        .then((list) => {
          if (live) setItems(list);
        })
        .catch(() => undefined);
    listeners.add(reload);
    reload();
    return () => {
      live = false;
      listeners.delete(reload);
    };
  }, [userId]);
  return items;
}

/** The person's outbox, kept current, and sent whenever the server becomes reachable. */
export function useOutbox(userId: string): { items: QueuedRequest[]; sending: number } {
  const items = useOutboxItems(userId);
  const [sending, setSending] = useState(0);
  useEffect(() => {
    const update = () => setSending(sendingCount);
    listeners.add(update);
    const offReach = onReachabilityChange(() => {
      if (reachability().reachable) void sendQueued(userId);
    });
    void sendQueued(userId);
    return () => {
      listeners.delete(update);
      offReach();
    };
  }, [userId]);
  return { items, sending };
}
