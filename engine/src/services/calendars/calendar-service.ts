// Business calendars over the store: the calendars (made by admins, or shipped by modules as
// calendars/*.json), which one the company, a department or an employee works by, and the
// working-time questions asked of them (pure answers in core/calendar/).
//
// Reads for computing — the compiled calendars and the org chart they are resolved over — are
// cached for a moment (CACHE_MS) so that an automation over 10,000 records or a busy flow does not
// read them again for every record or step; a write in this process drops the cache at once, and
// other processes see it within CACHE_MS.
import type { BusinessCalendar, CalendarAssignment } from '#schemas/generated/index.ts';
import { dayOf } from '#engine/core/calendar/civil-date.ts';
import { calendarErrors } from '#engine/core/calendar/errors.ts';
import { workingTimeFunctions, type CalendarBook } from '#engine/core/calendar/feel-functions.ts';
import { assignmentId, resolveCalendar, type CalendarChoice } from '#engine/core/calendar/resolve.ts';
import { calendarProblems, workCalendar, type WorkCalendar } from '#engine/core/calendar/work-calendar.ts';
import { dayInfo, type DayInfo } from '#engine/core/calendar/working-days.ts';
import type { OrgView } from '#engine/core/org/org-view.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import { DEPARTMENTS, USERS } from '../identity/collections.ts';
import type { OrgChart } from '../org/org-chart.ts';

export const CALENDARS = 'calendars';
export const CALENDAR_ASSIGNMENTS = 'calendar_assignments';
const CACHE_MS = 2000;
const MAX_RANGE_DAYS = 732;

export type StoredCalendar = Stored<BusinessCalendar>;

/** Whose calendar a computation uses: a person (and their department), or a department alone. */
export interface CalendarSubject {
  user?: string | null;
  department?: string | null;
}

/** What working-time computations need at once: the compiled calendars and who uses which. */
export interface CalendarLookups extends CalendarBook {
  choose(subject: CalendarSubject): CalendarChoice | null;
}

export interface CalendarServiceOptions {
  store: DocumentStore;
  clock: Clock;
  org: OrgChart;
}

export class CalendarService {
  readonly calendars: Collection<BusinessCalendar>;
  readonly assignments: Collection<CalendarAssignment>;
  private cache: { at: number; lookups: Promise<CalendarLookups> } | null = null;

  constructor(private readonly options: CalendarServiceOptions) {
    this.calendars = options.store.collection<BusinessCalendar>(CALENDARS);
    this.assignments = options.store.collection<CalendarAssignment>(CALENDAR_ASSIGNMENTS);
  }

  async init(): Promise<void> {
    await this.calendars.ensureIndex({ fields: [['module', 1]] });
    await this.assignments.ensureIndex({ fields: [['calendar', 1]] });
  }

  // ---- calendars ------------------------------------------------------------------------------

  async list(): Promise<StoredCalendar[]> {
    return (await this.calendars.find({}, { sort: [['id', 1]] })).items;
  }

  async get(id: string): Promise<StoredCalendar> {
    const found = typeof id === 'string' && id ? await this.calendars.get(id) : null;
    if (!found) throw calendarErrors.notFound(id);
    return found;
  }

  async create(calendar: BusinessCalendar): Promise<StoredCalendar> {
    const { module: _m, ...own } = calendar;
    assertUsable(own);
    try {
      return await this.changed(this.calendars.insert(own));
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw calendarErrors.exists(calendar.id);
      throw e;
    }
  }

  /** Replaces an admin's calendar at a revision; a module's calendar changes only with its module. */
  async replace(id: string, rev: number, calendar: Omit<BusinessCalendar, 'id'>): Promise<StoredCalendar> {
    const current = await this.get(id);
    if (current.module) throw calendarErrors.fromModule(id, current.module);
    const { module: _m, ...own } = { ...calendar, id } as BusinessCalendar;
    assertUsable(own);
    try {
      return await this.changed(this.calendars.replace(id, rev, own));
    } catch (e) {
      if (e instanceof RevisionConflictError) throw calendarErrors.revisionConflict(id);
      throw e;
    }
  }

  /** Deletes an admin's calendar that nobody is assigned to. */
  async delete(id: string, rev: number): Promise<void> {
    const current = await this.get(id);
    if (current.module) throw calendarErrors.fromModule(id, current.module);
    const { items } = await this.assignments.find({ calendar: id });
    if (items.length)
      throw calendarErrors.inUse(
        id,
        items.map((a) => a.id),
      );
    if (!(await this.changed(this.calendars.delete(id, rev)))) throw calendarErrors.revisionConflict(id);
  }

  /** What each date from `from` to `to` (both included, at most two years) is on a calendar. */
  async days(id: string, from: string, to: string): Promise<DayInfo[]> {
    const cal = workCalendar(await this.get(id));
    const [a, b] = [dayOf(from), dayOf(to)];
    if (a === null || b === null)
      throw calendarErrors.rangeInvalid(
        'from and to are dates (YYYY-MM-DD)',
        'from 和 to 须为日期（YYYY-MM-DD）',
      );
    if (b < a) throw calendarErrors.rangeInvalid('to is before from', 'to 早于 from');
    if (b - a >= MAX_RANGE_DAYS)
      throw calendarErrors.rangeInvalid('at most two years at once', '一次最多两年');
    const out: DayInfo[] = [];
    for (let d = a; d <= b; d++) out.push(dayInfo(cal, d));
    return out;
  }

  // ---- assignments ----------------------------------------------------------------------------

  async listAssignments(): Promise<Stored<CalendarAssignment>[]> {
    return (await this.assignments.find({}, { sort: [['id', 1]] })).items;
  }

  /** Sets (or with `calendar` null removes) the calendar of the company, a department or an employee. */
  async assign(
    scope: CalendarAssignment['scope'],
    target: string | undefined,
    calendar: string | null,
  ): Promise<CalendarAssignment | null> {
    if (scope !== 'company') {
      if (!target) throw calendarErrors.targetMissing(scope);
      const col = this.options.store.collection(scope === 'user' ? USERS : DEPARTMENTS);
      if (!(await col.get(target))) throw calendarErrors.targetNotFound(scope, target);
    }
    const id = assignmentId(scope, target);
    const current = await this.assignments.get(id);
    if (calendar === null) {
      if (current) await this.changed(this.assignments.delete(id));
      return null;
    }
    await this.get(calendar);
    const doc: CalendarAssignment = { id, scope, ...(scope !== 'company' ? { target } : {}), calendar };
    for (;;) {
      try {
        const existing = await this.assignments.get(id);
        const { rev: _r, ...stored } = existing
          ? await this.changed(this.assignments.replace(id, existing.rev, doc))
          : await this.changed(this.assignments.insert(doc));
        return stored;
      } catch (e) {
        if (!(e instanceof RevisionConflictError) && !(e instanceof DuplicateKeyError)) throw e;
      }
    }
  }

  /** The calendar a person (or department) works by, and where it was assigned. */
  async resolve(subject: CalendarSubject): Promise<CalendarChoice | null> {
    return (await this.lookups()).choose(subject);
  }

  // ---- computing ------------------------------------------------------------------------------

  /** The compiled calendars and the assignments over the org chart (cached for CACHE_MS). */
  lookups(): Promise<CalendarLookups> {
    const now = Date.now();
    if (this.cache && now - this.cache.at < CACHE_MS) return this.cache.lookups;
    const lookups = this.load();
    this.cache = { at: now, lookups };
    lookups.catch(() => {
      if (this.cache?.lookups === lookups) this.cache = null;
    });
    return lookups;
  }

  /** The working-time FEEL functions with a subject's calendar as the default. */
  /**
   * `whenNone: 'weekdays'` (records' computed fields): with no calendar for the subject and none
   * for the company, give no functions, so the forms' own Monday-to-Friday `working days` applies —
   * what the browser's preview computes — instead of refusing every save until an admin assigns one.
   */
  async feelFunctions(
    subject: CalendarSubject,
    options: { whenNone?: 'error' | 'weekdays' } = {},
  ): Promise<Record<string, unknown>> {
    const lookups = await this.lookups();
    const chosen = lookups.choose(subject)?.calendar ?? null;
    if (chosen === null && options.whenNone === 'weekdays') return {};
    return workingTimeFunctions(lookups, chosen);
  }

  // ---- modules --------------------------------------------------------------------------------

  /**
   * Replaces a module's calendars (install and upgrade); one marked `companyDefault` becomes the
   * company's calendar when the company has none yet.
   */
  async replaceModule(
    module: string,
    calendars: Array<BusinessCalendar & { companyDefault?: boolean }>,
  ): Promise<void> {
    for (const { companyDefault: _d, ...raw } of calendars) {
      const calendar: BusinessCalendar = { ...raw, module };
      assertUsable(calendar);
      const current = await this.calendars.get(calendar.id);
      if (current) await this.changed(this.calendars.replace(calendar.id, current.rev, calendar));
      else await this.changed(this.calendars.insert(calendar));
    }
    const preferred = calendars.find((c) => c.companyDefault);
    if (preferred && !(await this.assignments.get('company')))
      await this.assign('company', undefined, preferred.id).catch((e: unknown) => {
        if (!(e instanceof DuplicateKeyError)) throw e;
      });
  }

  private async changed<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.cache = null;
    }
  }

  private async load(): Promise<CalendarLookups> {
    const [calendars, assignments, org] = await Promise.all([
      this.calendars.find({}),
      this.assignments.find({}),
      this.options.org.snapshot(),
    ]);
    const compiled = new Map<string, WorkCalendar>();
    for (const c of calendars.items) {
      // A calendar stored before a check existed, or written behind the API's back, is left out.
      if (calendarProblems(c).length === 0) compiled.set(c.id, workCalendar(c));
    }
    const byId = new Map(assignments.items.map((a) => [a.id, a]));
    return {
      calendar: (id) => compiled.get(id),
      choose: (subject) => resolveCalendar(byId, orgLookup(org), subject),
    };
  }
}

function orgLookup(org: OrgView) {
  return {
    departmentOf: (user: string) => org.user(user)?.department,
    parentOf: (department: string) => org.department(department)?.parent,
  };
}

function assertUsable(calendar: BusinessCalendar): void {
  const problems = calendarProblems(calendar);
  if (problems.length) throw calendarErrors.invalid(problems);
}
