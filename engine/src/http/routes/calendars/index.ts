// /api/calendars: business calendars (working hours per weekday, holidays, extra working days in a
// time zone), what each date of a range is (the console's year view), which calendar the company,
// a department or an employee works by, and which one applies to a person. Everyone signed in may
// read them (leave and SLA screens show them); admins change them.
import type { FastifyPluginAsync } from 'fastify';
import type { BusinessCalendar, CalendarAssignment } from '#schemas/generated/index.ts';
import {
  businessCalendar,
  calendarAssignment,
  errors,
  list,
  localizedText,
  nullable,
  object,
  prop,
  props,
  stored,
} from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

type Id = { Params: { id: string } };
const calendarId = prop(businessCalendar, 'id');
const params = object({ id: calendarId }, ['id']);
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const storedCalendar = stored(businessCalendar);
const { id: _id, ...editable } = props(businessCalendar);
const replaceBody = object({ ...editable, rev: { type: 'integer', minimum: 1 } }, [
  'name',
  'timeZone',
  'weekly',
  'rev',
]);
const day = object(
  {
    date,
    kind: { type: 'string', enum: ['working', 'off', 'holiday', 'workday'] },
    name: localizedText,
    minutes: { type: 'integer', minimum: 0 },
  },
  ['date', 'kind', 'minutes'],
);
const choice = object(
  {
    calendar: { type: 'string' },
    via: { type: 'string', enum: ['user', 'department', 'company'] },
    target: { type: 'string' },
  },
  ['calendar', 'via'],
);

export const calendarRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['calendars'];
  const calendars = app.services.calendars;
  const read = { access: { resource: 'calendars', action: 'read' as const } };
  const admin = (action: 'create' | 'update' | 'delete') => ({ access: { resource: 'calendars', action } });

  app.get(
    '',
    {
      config: read,
      schema: {
        tags,
        summary: 'Business calendars',
        response: { 200: list(storedCalendar), ...errors(401, 403) },
      },
    },
    async () => ({ items: await calendars.list() }),
  );

  app.post<{ Body: BusinessCalendar }>(
    '',
    {
      config: admin('create'),
      schema: {
        tags,
        summary: 'Create a calendar',
        body: businessCalendar,
        response: { 201: storedCalendar, ...errors(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await calendars.create(request.body);
      await request.audit({
        action: 'calendar.create',
        resource: 'calendars',
        resourceId: created.id,
        after: created,
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/assignments',
    {
      config: read,
      schema: {
        tags,
        summary: 'Which calendar the company, departments and employees work by',
        response: { 200: list(stored(calendarAssignment)), ...errors(401, 403) },
      },
    },
    async () => ({ items: await calendars.listAssignments() }),
  );

  app.put<{ Body: { scope: CalendarAssignment['scope']; target?: string; calendar: string | null } }>(
    '/assignments',
    {
      config: admin('update'),
      schema: {
        tags,
        summary: 'Assign a calendar to the company, a department or an employee (null: remove)',
        body: object(
          {
            scope: prop(calendarAssignment, 'scope'),
            target: { type: 'string', minLength: 1, maxLength: 200 },
            calendar: nullable(calendarId),
          },
          ['scope', 'calendar'],
        ),
        response: {
          200: object({ assignment: nullable(calendarAssignment) }, ['assignment']),
          ...errors(400, 401, 403, 404, 415),
        },
      },
    },
    async (request) => {
      const { scope, target, calendar } = request.body;
      const assignment = await calendars.assign(scope, target, calendar);
      await request.audit({
        action: 'calendar.assign',
        resource: 'calendars',
        resourceId: scope === 'company' ? 'company' : `${scope}:${target}`,
        details: { calendar },
      });
      return { assignment };
    },
  );

  app.get<{ Querystring: { user?: string; department?: string } }>(
    '/resolve',
    {
      config: read,
      schema: {
        tags,
        summary: 'The calendar that applies to an employee or a department, and where it is assigned',
        querystring: object({
          user: { type: 'string', minLength: 1, maxLength: 200 },
          department: { type: 'string', minLength: 1, maxLength: 200 },
        }),
        response: { 200: object({ choice: nullable(choice) }, ['choice']), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({
      choice: await calendars.resolve({
        // Neither asked for: the caller's own calendar.
        user: request.query.user ?? (request.query.department ? null : (request.principal?.userId ?? null)),
        department: request.query.department ?? null,
      }),
    }),
  );

  app.get<Id>(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One calendar',
        params,
        response: { 200: storedCalendar, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => calendars.get(request.params.id),
  );

  app.put<Id & { Body: Omit<BusinessCalendar, 'id'> & { rev: number } }>(
    '/:id',
    {
      config: admin('update'),
      schema: {
        tags,
        summary: 'Replace a calendar (at its revision)',
        params,
        body: replaceBody,
        response: { 200: storedCalendar, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => {
      const { rev, ...calendar } = request.body;
      const before = await calendars.get(request.params.id);
      const after = await calendars.replace(request.params.id, rev, calendar);
      await request.audit({
        action: 'calendar.update',
        resource: 'calendars',
        resourceId: after.id,
        before,
        after,
      });
      return after;
    },
  );

  app.delete<Id & { Querystring: { rev: number } }>(
    '/:id',
    {
      config: admin('delete'),
      schema: {
        tags,
        summary: 'Delete a calendar nobody is assigned to',
        params,
        querystring: object({ rev: { type: 'integer', minimum: 1 } }, ['rev']),
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await calendars.delete(request.params.id, request.query.rev);
      await request.audit({
        action: 'calendar.delete',
        resource: 'calendars',
        resourceId: request.params.id,
      });
      return reply.code(204).send();
    },
  );

  app.get<Id & { Querystring: { from: string; to: string } }>(
    '/:id/days',
    {
      config: read,
      schema: {
        tags,
        summary:
          'What each date of a range is on a calendar (at most two years): working, off, holiday, workday',
        params,
        querystring: object({ from: date, to: date }, ['from', 'to']),
        response: { 200: list(day), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: await calendars.days(request.params.id, request.query.from, request.query.to),
    }),
  );
};
