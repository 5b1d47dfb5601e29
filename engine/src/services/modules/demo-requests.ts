// Demo requests (seed files of kind 'demo-requests'): so that a newcomer to the demo company opens
// a living inbox, each request is submitted through the module's catalogue entry as the demo user
// it names — the same path a person takes, so the flow, its routing and the inbox summaries are
// real — then approved step by step until it waits where the seed file says.
//
// Idempotent, with nothing kept besides what seeding makes: the request's seed id is its
// submission's idempotency key (submission-key.ts), so seeding again finds the request it made;
// the steps already approved are the person-made decisions in the instance's history, so a
// seeding stopped half-way (a restart, a flow step still running) goes on from there, and a
// request someone acted on since is left alone.
//
// Steps after the first wait for the flow to get there (a service task before them runs on the
// processors); a step that does not open within `stepWaitMs` is left for the next seeding, and
// the rest of this seeding waits no more (the processors are not running: an API started before
// its workers should not hold its start for each request in turn).
import type { ModuleSeed, User } from '#schemas/generated/index.ts';
import type { Actor } from '#engine/core/actor.ts';
import type { ModuleDefinition } from '#engine/core/modules/definition.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import type { InstanceView } from '../flows/views.ts';
import type { SubmitResult } from './requests.ts';

type DemoRequest = NonNullable<ModuleSeed['requests']>[number];

export interface DemoRequestDeps {
  findUser(login: string): Promise<User | null>;
  principalFor(user: User): Promise<Principal>;
  submit(
    actor: Actor,
    entryId: string,
    data: Record<string, unknown>,
    options: { idempotencyKey: string },
  ): Promise<SubmitResult>;
  instance(id: string): Promise<InstanceView>;
  approve(actor: Actor, taskId: string): Promise<unknown>;
  log?: { warn(obj: unknown, msg: string): void };
  /** How long to wait for a step to open before leaving it for the next seeding. */
  stepWaitMs?: number;
}

export class DemoRequestSeeder {
  /** False once a step did not open in time during this seeding. */
  private patient = true;

  constructor(private readonly deps: DemoRequestDeps) {}

  /** Submits the module's demo requests not made yet and moves each to its step; returns how many were new. */
  async seed(def: ModuleDefinition): Promise<number> {
    this.patient = true;
    let created = 0;
    for (const seed of def.seeds) {
      if (seed.kind !== 'demo-requests' || !seed.entry) continue;
      for (const request of seed.requests ?? [])
        if (await this.one(def.manifest.id, seed.entry, request)) created++;
    }
    return created;
  }

  private async actorOf(login: string): Promise<Actor> {
    const user = await this.deps.findUser(login);
    if (!user) throw new Error(`demo request: there is no user "${login}" (seed the demo company first)`);
    return { principal: await this.deps.principalFor(user) };
  }

  private async one(module: string, entryId: string, request: DemoRequest): Promise<boolean> {
    const requester = await this.actorOf(request.as);
    const submitted = await this.deps.submit(requester, entryId, structuredClone(request.data), {
      idempotencyKey: `demo-seed:${module}:${request.id}`,
    });
    const steps = request.approve ?? [];
    if (!submitted.instance || steps.length === 0) return !submitted.replayed;
    const instanceId = submitted.instance.id;
    const decided = (i: InstanceView) => i.history.filter((h) => h.type === 'task.completed' && h.by).length;
    for (let n = decided(await this.deps.instance(instanceId)); n < steps.length; n++) {
      const step = steps[n]!;
      const elementId = typeof step === 'string' ? step : step.step;
      const task = await this.openTask(instanceId, elementId);
      if (!task) {
        this.deps.log?.warn(
          { module, request: request.id, step: elementId },
          `demo request ${request.id}: step ${elementId} did not open; the next seeding goes on from there`,
        );
        break;
      }
      const login = typeof step === 'string' ? undefined : step.as;
      const approver = login ?? task.assignee;
      if (!approver)
        throw new Error(
          `demo request ${request.id}: step ${elementId} is offered to a role; say who approves ("as")`,
        );
      await this.deps.approve(await this.actorOf(approver), task.id);
    }
    return !submitted.replayed;
  }

  /** The open task at the step, once the flow gets there (null: ended, or not within the wait). */
  private async openTask(instanceId: string, elementId: string) {
    const until = Date.now() + (this.patient ? (this.deps.stepWaitMs ?? 30_000) : 0);
    for (;;) {
      const instance = await this.deps.instance(instanceId);
      const task = instance.openTasks.find((t) => t.elementId === elementId && t.state === 'open');
      if (task) return task;
      if (instance.status !== 'active' || instance.incidents.length) return null;
      if (Date.now() > until) {
        this.patient = false;
        return null;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
