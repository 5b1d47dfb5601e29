// Drives the pure core (compile + step) the way the runtime does, without any I/O: one instance,
// a manual notion of time, and every effect kept for assertions.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { compileBpmn, type CompileLookups } from '#engine/core/flows/compile.ts';
import type { Effect, FlowEvent, TaskView, Variables } from '#engine/core/flows/events.ts';
import { newInstance, type InstanceState, type Token } from '#engine/core/flows/instance.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import type { StepContext } from '#engine/core/flows/step-context.ts';
import { step } from '#engine/core/flows/step.ts';

export const T0 = Date.parse('2026-01-05T09:00:00Z');

export async function loadModel(fileUrl: URL, lookups: CompileLookups = {}): Promise<ProcessModel> {
  const result = await compileBpmn(readFileSync(fileUrl, 'utf8'), lookups);
  if (!result.ok) throw new Error(`fixture does not compile: ${JSON.stringify(result.problems, null, 2)}`);
  return result.model;
}

export async function compileXml(xml: string, lookups: CompileLookups = {}): Promise<ProcessModel> {
  const result = await compileBpmn(xml, lookups);
  if (!result.ok) throw new Error(`model does not compile: ${JSON.stringify(result.problems, null, 2)}`);
  return result.model;
}

export class Sim {
  instance: InstanceState;
  now = T0;
  readonly effects: Effect[] = [];
  context: Omit<StepContext, 'now'>;

  constructor(
    readonly model: ProcessModel,
    context: Omit<StepContext, 'now'> = {},
  ) {
    this.context = context;
    this.instance = newInstance({ id: 'inst1', processId: model.processId, version: 1, now: this.now });
  }

  send(event: FlowEvent): { changed: boolean; effects: Effect[] } {
    const result = step(this.model, this.instance, event, { ...this.context, now: this.now });
    // Purity: the input instance is never modified.
    this.instance = result.instance;
    this.effects.push(...result.effects);
    return { changed: result.changed, effects: result.effects };
  }

  start(variables: Variables = {}, by?: string): this {
    this.send({ type: 'start', variables, ...(by ? { by } : {}) });
    return this;
  }

  /** Open user-task tokens (optionally of one element), in creation order. */
  tasks(elementId?: string): Token[] {
    return Object.values(this.instance.tokens)
      .filter((t) => t.task && t.state === 'waiting' && (!elementId || t.elementId === elementId))
      .sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  }

  task(elementId: string): Token {
    const list = this.tasks(elementId);
    expect(list, `one open task at ${elementId}`).toHaveLength(1);
    return list[0]!;
  }

  complete(
    elementIdOrToken: string | Token,
    variables?: Variables,
    extra: { outcome?: string; by?: string; localVariables?: Variables; comment?: string } = {},
  ): this {
    const token = typeof elementIdOrToken === 'string' ? this.task(elementIdOrToken) : elementIdOrToken;
    this.send({ type: 'completeTask', tokenId: token.id, ...(variables ? { variables } : {}), ...extra });
    return this;
  }

  /** Tokens waiting for a job (optionally of one element). */
  jobs(elementId?: string): Token[] {
    return Object.values(this.instance.tokens).filter(
      (t) => t.job && t.state === 'waiting' && (!elementId || t.elementId === elementId),
    );
  }

  jobDone(elementId: string, variables?: Variables): this {
    const [token] = this.jobs(elementId);
    expect(token, `a job at ${elementId}`).toBeDefined();
    this.send({
      type: 'jobCompleted',
      tokenId: token!.id,
      round: token!.job!.round,
      ...(variables ? { variables } : {}),
    });
    return this;
  }

  jobFailed(elementId: string, message: string, errorCode?: string, variables?: Variables): this {
    const [token] = this.jobs(elementId);
    expect(token, `a job at ${elementId}`).toBeDefined();
    this.send({
      type: 'jobFailed',
      tokenId: token!.id,
      round: token!.job!.round,
      message,
      ...(errorCode ? { errorCode } : {}),
      ...(variables ? { variables } : {}),
    });
    return this;
  }

  /** Moves time forward and fires whatever timers fell due (as the sweeper does). */
  advance(ms: number): this {
    this.now += ms;
    this.send({ type: 'timersDue' });
    return this;
  }

  /** Element ids in the order their tokens completed (the path taken). */
  path(): string[] {
    return this.instance.history.filter((h) => h.type === 'element.completed').map((h) => h.elementId!);
  }

  terminated(): string[] {
    return this.instance.history.filter((h) => h.type === 'element.terminated').map((h) => h.elementId!);
  }

  get status(): string {
    return this.instance.status;
  }

  get vars(): Variables {
    return this.instance.variables;
  }

  incidents(): InstanceState['incidents'][string][] {
    return Object.values(this.instance.incidents);
  }

  effectsOf<K extends Effect['kind']>(kind: K): Extract<Effect, { kind: K }>[] {
    return this.effects.filter((e) => e.kind === kind) as Extract<Effect, { kind: K }>[];
  }

  openedTasks(): TaskView[] {
    return this.effectsOf('task.opened').map((e) => e.task);
  }
}
