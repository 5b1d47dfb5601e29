// bpmn-js modules of the flow modeler (didi modules):
// - restrictions: the palette, the context pad and the "change element" menu offer only what the
//   engine runs (engine/src/core/flows/compile): none, message and signal start, none, terminate,
//   message and error end, user / service (a platform action or a job for an external worker, by
//   its type) / script / send / receive / untyped / manual / business rule task, call activity,
//   exclusive / parallel / inclusive / event-based gateway, sub-process, timer, message and signal
//   catch, message throw, and timer / message / signal / error boundary events — so an analyst cannot draw what deploy
//   would reject. "Append task" appends a user task (an approval step), the shape most flows need.
//   The zeebe properties panel edits what they carry (job type, message name and correlation
//   key, called process, error code).
// - translate: bpmn-js's texts from our catalogs (bpmn-texts.ts) in the user's language.
import { format } from '#designer/i18n/define.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js services are untyped */
type Entries = Record<string, any>;

const PALETTE_KEEP = new Set([
  'hand-tool',
  'lasso-tool',
  'space-tool',
  'global-connect-tool',
  'tool-separator',
  'create.start-event',
  'create.end-event',
  'create.exclusive-gateway',
  'create.subprocess-expanded',
  // Dropped on an activity it becomes a boundary event (then "change element": error, message, timer).
  'create.intermediate-event',
]);

const CONTEXT_DROP = new Set(['append.append-task', 'append.compensation-activity']);

/** "Change element" entries of supported targets ('replace-with-' + the entry's name). */
const REPLACE_KEEP = new Set([
  'task',
  'user-task',
  'service-task',
  'script-task',
  'send-task',
  'receive-task',
  'manual-task',
  'rule-task',
  'call-activity',
  'event-based-gateway',
  'message-start',
  'signal-start',
  'signal-intermediate-catch',
  'signal-boundary',
  'non-interrupting-signal-boundary',
  'none-intermediate-throw',
  'none-intermediate-throwing',
  'message-intermediate-catch',
  'message-intermediate-throw',
  'message-end',
  'error-end',
  'message-boundary',
  'non-interrupting-message-boundary',
  'subprocess',
  'expanded-subprocess',
  'collapsed-subprocess',
  'exclusive-gateway',
  'parallel-gateway',
  'inclusive-gateway',
  'none-start',
  'none-end',
  'terminate-end',
  'timer-intermediate-catch',
  'timer-boundary',
  'non-interrupting-timer-boundary',
  'error-boundary',
  'sequence-flow',
  'default-flow',
  'conditional-flow',
]);

const HEADER_KEEP = new Set(['toggle-parallel-mi', 'toggle-sequential-mi', 'toggle-non-interrupting']);

function filter(entries: Entries, keep: (id: string) => boolean): Entries {
  return Object.fromEntries(Object.entries(entries).filter(([id]) => keep(id)));
}

function Restrictions(
  this: any,
  palette: any,
  contextPad: any,
  popupMenu: any,
  create: any,
  elementFactory: any,
  translate: (text: string) => string,
  injector: any,
) {
  const autoPlace = injector.get('autoPlace', false);
  const shapeOf = (type: string, options: Record<string, unknown> = {}) =>
    elementFactory.createShape({ type, ...options });
  const createEntry = (type: string, className: string, title: string, options?: Record<string, unknown>) => {
    const start = (event: Event) => create.start(event, shapeOf(type, options));
    return {
      group: type.includes('Gateway') ? 'gateway' : type.includes('Event') ? 'event' : 'activity',
      className,
      title: translate(title),
      action: { dragstart: start, click: start },
    };
  };
  const appendEntry = (type: string, className: string, title: string, options?: Record<string, unknown>) => {
    const start = (event: Event, element: any) =>
      create.start(event, shapeOf(type, options), { source: element });
    const append = autoPlace
      ? (_event: Event, element: any) => autoPlace.append(element, shapeOf(type, options))
      : start;
    return {
      group: 'model',
      className,
      title: translate(title),
      action: { dragstart: start, click: append },
    };
  };

  palette.registerProvider(500, {
    getPaletteEntries: () => (entries: Entries) => ({
      ...filter(entries, (id) => PALETTE_KEEP.has(id)),
      'create.user-task': createEntry('bpmn:UserTask', 'bpmn-icon-user-task', 'Create user task'),
      'create.service-task': createEntry('bpmn:ServiceTask', 'bpmn-icon-service-task', 'Create service task'),
      'create.parallel-gateway': createEntry(
        'bpmn:ParallelGateway',
        'bpmn-icon-gateway-parallel',
        'Create parallel gateway',
      ),
      'create.timer-event': createEntry(
        'bpmn:IntermediateCatchEvent',
        'bpmn-icon-intermediate-event-catch-timer',
        'Create timer intermediate catch event',
        { eventDefinitionType: 'bpmn:TimerEventDefinition' },
      ),
      'create.message-event': createEntry(
        'bpmn:IntermediateCatchEvent',
        'bpmn-icon-intermediate-event-catch-message',
        'Create message intermediate catch event',
        { eventDefinitionType: 'bpmn:MessageEventDefinition' },
      ),
      'create.receive-task': createEntry('bpmn:ReceiveTask', 'bpmn-icon-receive-task', 'Create receive task'),
      'create.call-activity': createEntry(
        'bpmn:CallActivity',
        'bpmn-icon-call-activity',
        'Create call activity',
      ),
    }),
  });

  contextPad.registerProvider(500, {
    getContextPadEntries: () => (entries: Entries) => {
      const kept = filter(entries, (id) => !CONTEXT_DROP.has(id));
      if (!('append.append-task' in entries)) return kept;
      return {
        ...kept,
        'append.user-task': appendEntry('bpmn:UserTask', 'bpmn-icon-user-task', 'Append user task'),
        'append.timer-event': appendEntry(
          'bpmn:IntermediateCatchEvent',
          'bpmn-icon-intermediate-event-catch-timer',
          'Append timer intermediate catch event',
          { eventDefinitionType: 'bpmn:TimerEventDefinition' },
        ),
        'append.message-event': appendEntry(
          'bpmn:IntermediateCatchEvent',
          'bpmn-icon-intermediate-event-catch-message',
          'Append message intermediate catch event',
          { eventDefinitionType: 'bpmn:MessageEventDefinition' },
        ),
        'append.service-task': appendEntry(
          'bpmn:ServiceTask',
          'bpmn-icon-service-task',
          'Append service task',
        ),
      };
    },
  });

  popupMenu.registerProvider('bpmn-replace', 500, {
    getPopupMenuEntries: () => (entries: Entries) =>
      filter(entries, (id) => REPLACE_KEEP.has(id.replace(/^replace-with-/, ''))),
    getPopupMenuHeaderEntries: () => (entries: Entries) => filter(entries, (id) => HEADER_KEEP.has(id)),
  });
}
Restrictions.$inject = [
  'palette',
  'contextPad',
  'popupMenu',
  'create',
  'elementFactory',
  'translate',
  'injector',
];

export const restrictionsModule = {
  __init__: ['formaRestrictions'],
  formaRestrictions: ['type', Restrictions],
};

/** bpmn-js's `translate` service over a catalog's texts (English: the template itself). */
export function translateModule(texts: Readonly<Record<string, string>>) {
  const translate = (template: string, replacements?: Record<string, string>): string =>
    format(texts[template] ?? template, replacements);
  return { translate: ['value', translate] };
}
