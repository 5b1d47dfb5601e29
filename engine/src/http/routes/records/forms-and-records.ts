// The forms and records services of an app, built once per store on first use (so the route
// modules share one compiled-form cache) and initialised then (indexes, interrupted imports).
//
// Field-encryption keys: `npm start` decorates the app with `keyring` (loadKeyring: ENCRYPTION_KEY,
// or the key file under DATA_DIR, generated on first start). Without that decoration (an app built
// in a test), ENCRYPTION_KEY is used, else a temporary key held in memory only — logged loudly,
// since values encrypted with it cannot be read after a restart.
//
// Abnormal-export alerts go to the log and the audit log (`alert.abnormal-export`), and to the
// admins' notification centre once the platform (plugins/platform.ts) is up: these services are
// built before the platform, which reuses them, so the sink looks the platform up when it fires.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { generateKeyMaterial, Keyring, keyringFromEnv } from '#engine/core/crypto/keyring.ts';
import type { Action } from '#engine/core/permissions/resolve.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { Actor } from '#engine/services/forms/ports.ts';
import { createFormsAndRecords, type FormsAndRecords } from '#engine/services/records/index.ts';
import '#engine/http/types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Field-encryption keys (set by main.ts; null: none configured; see forms-and-records.ts). */
    keyring?: Keyring | null;
  }
}

const built = new WeakMap<DocumentStore, Promise<FormsAndRecords>>();

export function formsAndRecords(app: FastifyInstance): Promise<FormsAndRecords> {
  let services = built.get(app.store);
  if (!services) {
    services = create(app);
    built.set(app.store, services);
    services.catch(() => built.delete(app.store));
  }
  return services;
}

function keyringOf(app: FastifyInstance): Keyring | null {
  if (app.keyring !== undefined) return app.keyring;
  if (process.env.ENCRYPTION_KEY) return keyringFromEnv(process.env.ENCRYPTION_KEY);
  app.log.warn(
    'no field-encryption key configured (ENCRYPTION_KEY): using a temporary key; sensitive fields written now cannot be read after a restart',
  );
  const key = generateKeyMaterial();
  return new Keyring([key], key.id);
}

async function create(app: FastifyInstance): Promise<FormsAndRecords> {
  const services = createFormsAndRecords({
    store: app.store,
    clock: app.clock,
    keyring: keyringOf(app),
    audit: app.audit,
    alerts: {
      async alertAdmins(alert) {
        app.log.warn({ alert }, 'abnormal export');
        const platform = app.hasDecorator('platform') ? app.platform : undefined;
        await platform?.notifications.alertAdmins(alert);
      },
    },
    onListenerError: (err, event) => app.log.error({ err, event }, 'record event listener failed'),
  });
  await services.init();
  return services;
}

/** The acting principal with its decision for one action on one resource. */
export function actorFor(request: FastifyRequest, resource: string, action: Action): Actor {
  return {
    principal: request.principal as NonNullable<FastifyRequest['principal']>,
    decision: request.can(resource, action),
    requestId: request.id,
    ...(request.ip ? { ip: request.ip } : {}),
  };
}
