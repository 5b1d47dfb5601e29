// The names of the working-time FEEL functions (feel-functions.ts), apart so that FEEL's syntax
// check can know them without loading the calendars: FEEL reads a name with spaces as one name only
// when it knows it, and `between` is a FEEL keyword (`working time between(…)` fails to parse else).
export const WORKING_TIME_FUNCTIONS = [
  'add working time',
  'add working hours',
  'add working days',
  'working time between',
  'working hours between',
  'working days',
  'is working day',
  'is working time',
  'next working time',
] as const;

/** The names above as the FEEL parser takes them: names it must read as one name. */
export const FEEL_PLATFORM_NAMES: Record<string, null> = Object.fromEntries(
  WORKING_TIME_FUNCTIONS.map((n) => [n, null]),
);
