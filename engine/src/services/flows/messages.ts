// Publishing messages (Camunda 8's semantics). A message has a name, a correlation key, variables,
// a time to live and optionally an id. Publishing correlates it to the open subscriptions with
// that name and key — at most one subscription per process (the oldest instance's), across all
// its versions — and starts an instance of every process whose latest version has a message start
// event for that name and was not correlated already. With a time to live the message is also
// buffered: a subscription opened later (the `message.subscribed` effect) correlates it while it
// lives, still at most once per process. A message id makes publishing idempotent: publishing the
// same name and id while the first is buffered is refused (MESSAGE_ALREADY_PUBLISHED).
//
// Between the buffer write and the subscription the order is what makes this safe: the publisher
// writes the buffered message before it looks for subscriptions, and a subscriber writes its
// subscription before it looks in the buffer, so at least one of them sees the other; an instance
// remembers the messages it took, so both seeing each other correlates once.
//
// Signals (core/flows/signals.ts) are broadcast here too: every instance subscribed now takes one,
// at each of its subscriptions for it, and it starts every process with a signal start event for
// it; a signal is not buffered.
import { randomUUID } from 'node:crypto';
import { checkVariables } from '#engine/core/flows/errors.ts';
import type { Variables } from '#engine/core/flows/events.ts';
import { messageKeyOf, newInstance } from '#engine/core/flows/instance.ts';
import { numericKeyOf } from '#engine/core/flows/keys.ts';
import { signalNameOf, signalSubscriptionName } from '#engine/core/flows/signals.ts';
import { jobErrors } from '#engine/core/jobs/errors.ts';
import { DuplicateKeyError, type Collection } from '#engine/ports/document-store.ts';
import type { DefinitionRepository } from './definitions.ts';
import type { FlowRuntime } from './runtime.ts';

export interface MessageDoc {
  name: string;
  correlationKey: string;
  variables: Variables;
  messageId?: string;
  /** Numeric key (Camunda's messageKey). */
  key: string;
  publishedAt: number;
  expiresAt: number;
  /** Processes this message was correlated to (a message correlates once per process). */
  processes: string[];
}

export interface PublishInput {
  name: string;
  correlationKey?: string;
  variables?: Variables;
  /** Milliseconds the message is buffered for subscriptions opened later (0: not buffered). */
  timeToLive?: number;
  messageId?: string;
  by?: string;
}

export interface PublishResult {
  messageKey: string;
  /** Instances the message continued, and the instances it started. */
  correlated: Array<{ instanceId: string; processId: string }>;
  started: Array<{ instanceId: string; processId: string }>;
  buffered: boolean;
}

export interface SignalResult {
  /** Numeric key (Camunda's signalKey). */
  signalKey: string;
  correlated: Array<{ instanceId: string; processId: string }>;
  started: Array<{ instanceId: string; processId: string }>;
}

const MAX_TTL = 365 * 24 * 3600 * 1000;

export class MessageService {
  readonly collection: Collection<MessageDoc>;

  constructor(
    private readonly runtime: FlowRuntime,
    private readonly definitions: DefinitionRepository,
  ) {
    this.collection = runtime.options.store.collection<MessageDoc>('flow_messages');
    runtime.handle('message.subscribed', async (effect, info) => {
      if (effect.kind !== 'message.subscribed') return;
      await this.correlateBuffered(info.instanceId, info.processId, effect.name, effect.correlationKey);
    });
  }

  async init(): Promise<void> {
    await this.collection.ensureIndex({
      fields: [
        ['name', 1],
        ['correlationKey', 1],
      ],
    });
    await this.collection.ensureIndex({ fields: [['expiresAt', 1]] });
  }

  async publish(input: PublishInput): Promise<PublishResult> {
    const name = String(input.name ?? '').trim();
    if (!name) throw jobErrors.invalid('/name', 'is required', '必填');
    // Signals' subscriptions are out of a message's reach.
    if (signalNameOf(name) !== null)
      throw jobErrors.invalid('/name', 'must not start with a control character', '不能以控制字符开头');
    const correlationKey = String(input.correlationKey ?? '');
    const ttl = Math.max(0, Math.min(Number(input.timeToLive ?? 0) || 0, MAX_TTL));
    const variables = checkVariables(input.variables);
    const now = this.runtime.clock.now();
    const id = input.messageId
      ? `msg-${numericKeyOf(`${name}\u001f${input.messageId}`)}`
      : `msg-${randomUUID()}`;
    const key = numericKeyOf(id);
    const doc: MessageDoc = {
      name,
      correlationKey,
      variables,
      ...(input.messageId ? { messageId: input.messageId } : {}),
      key,
      publishedAt: now,
      expiresAt: now + ttl,
      processes: [],
    };
    if (ttl > 0 || input.messageId) {
      const existing = await this.collection.get(id);
      if (existing && existing.expiresAt > now) throw jobErrors.messageExists(name, input.messageId ?? id);
      if (existing) await this.collection.delete(id);
      if (ttl > 0) {
        try {
          await this.collection.insert({ ...doc, id });
        } catch (e) {
          if (e instanceof DuplicateKeyError) throw jobErrors.messageExists(name, input.messageId ?? id);
          throw e;
        }
      }
    }
    const correlated = await this.correlateRunning(id, doc);
    const started = await this.startByMessage(id, doc, new Set(correlated.map((c) => c.processId)), input.by);
    if (ttl > 0 && (correlated.length || started.length)) {
      const processes = [...correlated, ...started].map((c) => c.processId);
      await this.addProcesses(id, processes);
    }
    return { messageKey: key, correlated, started, buffered: ttl > 0 };
  }

  /** Broadcasts a signal: every instance subscribed now takes it; signal start events start. */
  async broadcastSignal(input: { name: string; variables?: Variables; by?: string }): Promise<SignalResult> {
    const signalName = String(input.name ?? '').trim();
    if (!signalName) throw jobErrors.invalid('/signalName', 'is required', '必填');
    const variables = checkVariables(input.variables);
    const id = `sig-${randomUUID()}`;
    const name = signalSubscriptionName(signalName);
    const correlated: SignalResult['correlated'] = [];
    let after: string | undefined;
    do {
      const page = await this.runtime.instances.find(
        { status: 'active', messageKeys: messageKeyOf(name, '') },
        { limit: 500, sort: [['startedAt', 1]], projection: ['processId'], ...(after ? { after } : {}) },
      );
      for (const candidate of page.items) {
        const { changed } = await this.runtime.apply(candidate.id, {
          type: 'messageCorrelated',
          name,
          correlationKey: '',
          messageId: id,
          variables,
          broadcast: true,
        });
        if (changed) correlated.push({ instanceId: candidate.id, processId: candidate.processId });
      }
      after = page.nextCursor ?? undefined;
    } while (after);
    const doc = { name, correlationKey: '', variables } as MessageDoc;
    const started = await this.startByMessage(id, doc, new Set(), input.by);
    return { signalKey: numericKeyOf(id), correlated, started };
  }

  /** The oldest subscribed instance of each process takes the message. */
  private async correlateRunning(
    id: string,
    doc: MessageDoc,
  ): Promise<Array<{ instanceId: string; processId: string }>> {
    const { items } = await this.runtime.instances.find(
      { status: 'active', messageKeys: messageKeyOf(doc.name, doc.correlationKey) },
      { limit: 500, sort: [['startedAt', 1]], projection: ['processId', 'startedAt'] },
    );
    const done = new Set<string>();
    const out: Array<{ instanceId: string; processId: string }> = [];
    for (const candidate of items) {
      if (done.has(candidate.processId)) continue;
      const { changed } = await this.runtime.apply(candidate.id, {
        type: 'messageCorrelated',
        name: doc.name,
        correlationKey: doc.correlationKey,
        messageId: id,
        variables: doc.variables,
      });
      if (changed) {
        done.add(candidate.processId);
        out.push({ instanceId: candidate.id, processId: candidate.processId });
      }
    }
    return out;
  }

  private async startByMessage(
    id: string,
    doc: MessageDoc,
    skip: ReadonlySet<string>,
    by?: string,
  ): Promise<Array<{ instanceId: string; processId: string }>> {
    const { items } = await this.definitions.collection.find(
      { messageStartNames: doc.name },
      { projection: ['processId', 'version'] },
    );
    const processes = [...new Set(items.map((d) => d.processId))].filter((p) => !skip.has(p));
    const out: Array<{ instanceId: string; processId: string }> = [];
    for (const processId of processes) {
      const latest = await this.definitions.latestKey(processId);
      if (!latest) continue;
      const model = await this.definitions.model(latest.key);
      const startElement = model.messageStarts?.[doc.name];
      if (!startElement) continue;
      // One start per message and process: the id says which message started it.
      const instanceId = `${id}-${processId}`.slice(0, 120);
      try {
        await this.runtime.create(
          newInstance({
            id: instanceId,
            processId,
            version: latest.version,
            now: this.runtime.clock.now(),
            ...(doc.correlationKey ? { businessKey: doc.correlationKey } : {}),
            ...(by ? { startedBy: by } : {}),
          }),
          { type: 'start', variables: doc.variables, startElement, ...(by ? { by } : {}) },
        );
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
      }
      out.push({ instanceId, processId });
    }
    return out;
  }

  /** A subscription opened: buffered messages for it that its process has not taken yet. */
  private async correlateBuffered(
    instanceId: string,
    processId: string,
    name: string,
    correlationKey: string,
  ): Promise<void> {
    const now = this.runtime.clock.now();
    const { items } = await this.collection.find(
      { name, correlationKey, expiresAt: { $gt: now } },
      { sort: [['publishedAt', 1]], limit: 50 },
    );
    for (const msg of items) {
      if (msg.processes.includes(processId)) continue;
      const { changed } = await this.runtime.apply(instanceId, {
        type: 'messageCorrelated',
        name,
        correlationKey,
        messageId: msg.id,
        variables: msg.variables,
      });
      if (changed) {
        await this.addProcesses(msg.id, [processId]);
        return;
      }
    }
  }

  private async addProcesses(id: string, processes: string[]): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = await this.collection.get(id);
      if (!doc) return;
      const next = [...new Set([...doc.processes, ...processes])];
      if (next.length === doc.processes.length) return;
      try {
        await this.collection.update(id, doc.rev, { set: { processes: next } });
        return;
      } catch {
        // Another correlation wrote meanwhile: read again.
      }
    }
  }

  /** Drops messages whose time to live is over. */
  async sweep(): Promise<number> {
    return this.collection.deleteMany({ expiresAt: { $lte: this.runtime.clock.now() } });
  }
}
