// GET /api/forms/:id/validators.js — a published version's validators, compiled by the server into
// a small JavaScript module the portal imports (core/forms/validator-module.ts), for one language
// and the fields a catalogue entry hides from its requester. Published versions never change, so
// the module is cached by the browser for good (its URL names the version) and here in memory;
// compiling it is the expensive part, so only hidden-field sets a catalogue entry of the form
// actually uses are compiled.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formErrors } from '#engine/core/forms/errors.ts';
import type { FormLocale } from '#engine/core/forms/localize.ts';
import { VALIDATOR_RUNTIME, validatorModule } from '#engine/core/forms/validator-module.ts';
import { errors, locale, object, stableId } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { requesterFields } from '../catalogue/requester-fields.ts';
import { formReader } from './reader.ts';

/** Compiled modules kept (least recently used dropped): a form × version × language × hidden set. */
const MAX_MODULES = 200;

interface Compiled {
  plain: Buffer;
  gzip: Buffer;
  br: Buffer;
}

type Query = { version: number; locale?: FormLocale; hidden?: string; runtime: number };

export interface ValidatorWarmer {
  /**
   * Compiles, in the background, the modules a reader of this rendered version will ask for next
   * (one per hidden-field set of its catalogue entries; none for a form no entry of theirs uses):
   * the render comes first, so the compile overlaps the round trip instead of following it. Once
   * per form version and language.
   */
  warm(request: FastifyRequest, id: string, version: number, locale: FormLocale, schema: unknown): void;
}

export function validatorRoutes(app: FastifyInstance): ValidatorWarmer {
  const { forms, requests } = app.services;
  const cache = new Map<string, Promise<Compiled>>();
  const warmed = new Set<string>();

  function compile(key: string, schema: unknown, hidden: string[]): Promise<Compiled> {
    const compiled = validatorModule(schema as Record<string, unknown>, hidden).then(({ code }) => {
      const plain = Buffer.from(code);
      return {
        plain,
        gzip: gzipSync(plain, { level: 9 }),
        br: brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      };
    });
    cache.set(key, compiled);
    compiled.catch(() => cache.delete(key));
    if (cache.size > MAX_MODULES) cache.delete(cache.keys().next().value as string);
    return compiled;
  }

  /** The hidden-field sets the catalogue's entries of `formId` give this requester (sorted, joined). */
  async function hiddenSets(request: FastifyRequest, formId: string): Promise<Set<string>> {
    const sets = new Set<string>();
    for (const entry of await requests.catalogue(request.principal!))
      if (entry.form === formId) {
        const requester = (await requesterFields(app, entry)) ?? {};
        sets.add(
          Object.entries(requester)
            .filter(([, access]) => access === 'hidden')
            .map(([field]) => field)
            .sort()
            .join(','),
        );
      }
    return sets;
  }

  app.get<{ Params: { id: string }; Querystring: Query }>(
    '/:id/validators.js',
    {
      schema: {
        tags: ['forms'],
        summary:
          "A published version's validators as a JavaScript module (AJV standalone code) for the portal: one language, without the fields a catalogue entry hides from its requester",
        params: object({ id: stableId }, ['id']),
        querystring: object(
          {
            version: { type: 'integer', minimum: 1 },
            locale,
            hidden: { type: 'string', maxLength: 2000, pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$' },
            // The runtime the page supplies the module with; another one is refused (400), and the
            // page compiles in the browser instead.
            runtime: { type: 'integer', enum: [VALIDATOR_RUNTIME] },
          },
          ['version', 'runtime'],
        ),
        response: {
          200: { description: 'An ECMAScript module (text/javascript)', type: 'string' },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { version } = request.query;
      const actor = formReader(request, id);
      const loc = request.query.locale ?? request.principal?.locale ?? 'en';
      const hidden = [...new Set((request.query.hidden ?? '').split(',').filter(Boolean))].sort();
      const key = `${id}@${version}:${loc}:${hidden.join(',')}`;
      let compiled = cache.get(key);
      if (compiled) {
        // Still the reader's form to see (its version may be one they cannot read).
        await forms.getVersion(actor, id, version);
        cache.delete(key);
        cache.set(key, compiled);
      } else {
        const [rendered, sets] = await Promise.all([
          forms.localized(actor, id, version, loc),
          hidden.length ? hiddenSets(request, id) : Promise.resolve(new Set([''])),
        ]);
        if (hidden.length && !sets.has(hidden.join(','))) throw formErrors.hiddenSetUnknown(hidden.join(','));
        compiled = cache.get(key) ?? compile(key, rendered.schema, hidden);
      }
      const body = await compiled;
      const accepted = String(request.headers['accept-encoding'] ?? '');
      const [encoding, payload] = /\bbr\b/.test(accepted)
        ? (['br', body.br] as const)
        : /\bgzip\b/.test(accepted)
          ? (['gzip', body.gzip] as const)
          : ([null, body.plain] as const);
      if (encoding) reply.header('content-encoding', encoding);
      return reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('vary', 'accept-encoding')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(payload);
    },
  );

  return {
    warm(request, id, version, locale, schema) {
      const form = `${id}@${version}:${locale}`;
      if (warmed.has(form)) return;
      warmed.add(form);
      if (warmed.size > MAX_MODULES) warmed.delete(warmed.values().next().value as string);
      void hiddenSets(request, id)
        .then(async (sets) => {
          for (const set of sets) {
            const key = `${form}:${set}`;
            if (!cache.has(key)) await compile(key, schema, set ? set.split(',') : []);
          }
        })
        .catch((e: unknown) => request.log.warn({ err: e }, 'compiling form validators in advance failed'));
    },
  };
}
