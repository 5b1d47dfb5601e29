// Deploy-time problems of a BPMN definition: one entry per problem, each naming the element (id
// and name) and saying what is wrong in English and Chinese. Validation collects all of them and
// reports them at once, so an analyst fixes a model in one round.

export interface BpmnProblem {
  /** Stable code, e.g. UNSUPPORTED_ELEMENT. */
  code: string;
  elementId?: string;
  elementName?: string;
  message: string;
  messageZh: string;
}

type Params = Record<string, string | number>;

const CATALOGUE: Record<string, { en: string; zh: string }> = {
  XML_INVALID: {
    en: 'The file is not valid BPMN 2.0 XML: {detail}',
    zh: '文件不是有效的 BPMN 2.0 XML：{detail}',
  },
  XML_UNPARSABLE_CONTENT: {
    en: 'Unknown or misplaced XML content: {detail}',
    zh: '无法识别或位置错误的 XML 内容：{detail}',
  },
  NO_PROCESS: {
    en: 'The file contains no process.',
    zh: '文件中没有流程（process）。',
  },
  MULTIPLE_PROCESSES: {
    en: 'The file contains {count} executable processes; deploy one process per file.',
    zh: '文件包含 {count} 个可执行流程；每个文件只能部署一个流程。',
  },
  NOT_EXECUTABLE: {
    en: 'The process is not marked executable (isExecutable="true").',
    zh: '流程未标记为可执行（isExecutable="true"）。',
  },
  UNSUPPORTED_ELEMENT: {
    en: '{kind} is not supported by this engine; remove it or replace it with a supported element.',
    zh: '本引擎不支持{kindZh}；请删除或替换为受支持的元素。',
  },
  UNSUPPORTED_EVENT_DEFINITION: {
    en: '{kind} with a {definition} definition is not supported (supported: {supported}).',
    zh: '不支持带有 {definition} 定义的{kindZh}（支持：{supported}）。',
  },
  UNSUPPORTED_EXTENSION: {
    en: 'The extension <{extension}> is not supported here.',
    zh: '此处不支持扩展元素 <{extension}>。',
  },
  CAMUNDA7_ATTRIBUTE: {
    en: 'The Camunda 7 attribute {attribute} is not supported; use the Camunda 8 (zeebe) properties instead.',
    zh: '不支持 Camunda 7 属性 {attribute}；请改用 Camunda 8（zeebe）属性。',
  },
  UNSUPPORTED_LOOP: {
    en: 'Standard loops are not supported; use multi-instance.',
    zh: '不支持标准循环；请使用多实例。',
  },
  MULTI_INSTANCE_NOT_ALLOWED: {
    en: 'Multi-instance is supported on user tasks, service tasks, script tasks and sub-processes only.',
    zh: '多实例仅支持用户任务、服务任务、脚本任务和子流程。',
  },
  MI_INPUT_COLLECTION_MISSING: {
    en: 'The multi-instance has no input collection (zeebe:loopCharacteristics inputCollection).',
    zh: '多实例缺少输入集合（zeebe:loopCharacteristics inputCollection）。',
  },
  MI_OUTPUT_INCOMPLETE: {
    en: 'The multi-instance output needs both an output collection and an output element.',
    zh: '多实例输出需要同时设置输出集合和输出元素。',
  },
  START_EVENT_COUNT: {
    en: 'The {scope} needs exactly one none start event, found {count}.',
    zh: '{scopeZh}需要且只能有一个空启动事件，实际有 {count} 个。',
  },
  MESSAGE_START_DUPLICATE: {
    en: 'Two message start events wait for the message "{name}".',
    zh: '有两个消息启动事件等待同一消息“{name}”。',
  },
  START_EVENT_HAS_INCOMING: {
    en: 'A start event cannot have incoming sequence flows.',
    zh: '启动事件不能有传入的顺序流。',
  },
  END_EVENT_HAS_OUTGOING: {
    en: 'An end event cannot have outgoing sequence flows.',
    zh: '结束事件不能有传出的顺序流。',
  },
  NO_INCOMING: {
    en: 'The element has no incoming sequence flow, so it can never be reached.',
    zh: '该元素没有传入的顺序流，永远不会被执行到。',
  },
  NO_OUTGOING: {
    en: 'The element has no outgoing sequence flow; connect it or end the path with an end event.',
    zh: '该元素没有传出的顺序流；请连接它，或以结束事件结束该路径。',
  },
  UNREACHABLE: {
    en: 'The element cannot be reached from the start event.',
    zh: '从启动事件无法到达该元素。',
  },
  FLOW_ENDPOINT_MISSING: {
    en: 'The sequence flow is missing its {end} element.',
    zh: '顺序流缺少{endZh}元素。',
  },
  FLOW_CROSSES_SCOPE: {
    en: 'The sequence flow connects elements in different (sub-)processes.',
    zh: '顺序流连接了不同（子）流程中的元素。',
  },
  CONDITION_NOT_ALLOWED: {
    en: 'Conditions are only allowed on flows leaving an exclusive or inclusive gateway.',
    zh: '只有从排他网关或包容网关传出的顺序流才能设置条件。',
  },
  CONDITION_MISSING: {
    en: 'The flow "{flow}" leaving this gateway needs a condition (or must be the default flow).',
    zh: '从该网关传出的顺序流“{flow}”需要条件（或设为默认流）。',
  },
  DEFAULT_FLOW_INVALID: {
    en: "The default flow must be one of the gateway's outgoing flows and have no condition.",
    zh: '默认流必须是该网关的传出流之一，且不能带条件。',
  },
  DEFAULT_FLOW_NOT_ALLOWED: {
    en: 'A parallel gateway has no default flow.',
    zh: '并行网关不能设置默认流。',
  },
  PARALLEL_CONDITION: {
    en: 'Flows leaving a parallel gateway cannot have conditions.',
    zh: '从并行网关传出的顺序流不能设置条件。',
  },
  FEEL_SYNTAX: {
    en: 'The expression of {what} does not parse: {detail}',
    zh: '{whatZh}的表达式无法解析：{detail}',
  },
  SERVICE_TYPE_MISSING: {
    en: 'The service task has no job type (zeebe:taskDefinition type).',
    zh: '服务任务缺少作业类型（zeebe:taskDefinition type）。',
  },
  SERVICE_TYPE_UNKNOWN: {
    en: 'The service task type "{type}" is not a known action (known: {known}).',
    zh: '服务任务类型“{type}”不是已知的动作（已知：{known}）。',
  },
  SERVICE_TYPE_EXPRESSION: {
    en: 'The service task type must be a fixed action name, not an expression.',
    zh: '服务任务类型必须是固定的动作名称，不能是表达式。',
  },
  RETRIES_INVALID: {
    en: 'retries must be a whole number from 1 to 100, got "{value}".',
    zh: 'retries 必须是 1 到 100 之间的整数，实际为“{value}”。',
  },
  DECISION_ID_MISSING: {
    en: 'The business rule task calls no decision (zeebe:calledDecision decisionId).',
    zh: '业务规则任务未指定要调用的决策（zeebe:calledDecision decisionId）。',
  },
  RESULT_VARIABLE_MISSING: {
    en: 'The business rule task needs a result variable name (zeebe:calledDecision resultVariable), got "{value}".',
    zh: '业务规则任务需要结果变量名（zeebe:calledDecision resultVariable），实际为“{value}”。',
  },
  BINDING_TYPE_INVALID: {
    en: 'The binding type "{value}" is not one of latest, deployment, versionTag.',
    zh: '绑定类型“{value}”无效，应为 latest、deployment 或 versionTag。',
  },
  VERSION_TAG_MISSING: {
    en: 'The binding type versionTag needs a version tag.',
    zh: '绑定类型 versionTag 需要指定版本标签。',
  },
  DECISION_NOT_IN_DEPLOYMENT: {
    en: 'The decision "{decisionId}" is bound to this deployment (bindingType deployment), but none of its DMN files has it.',
    zh: '决策“{decisionId}”绑定到本次部署（bindingType deployment），但本次部署的 DMN 文件中没有该决策。',
  },
  DECISION_AND_JOB: {
    en: 'A business rule task either calls a decision or is a job (zeebe:taskDefinition), not both.',
    zh: '业务规则任务要么调用决策，要么是作业（zeebe:taskDefinition），不能两者兼有。',
  },
  SCRIPT_MISSING: {
    en: 'The script task needs a FEEL expression (zeebe:script expression) and a result variable.',
    zh: '脚本任务需要 FEEL 表达式（zeebe:script expression）和结果变量。',
  },
  FORM_UNKNOWN: {
    en: 'The form "{formId}" does not exist.',
    zh: '表单“{formId}”不存在。',
  },
  TIMER_MISSING: {
    en: 'The timer needs exactly one of a duration, a date or a cycle.',
    zh: '定时器需要且只能设置持续时间、日期或周期中的一项。',
  },
  TIMER_INVALID: {
    en: 'The timer value "{value}" is {detail}.',
    zh: '定时器值“{value}”无效：{detailZh}。',
  },
  TIMER_WORKING_TIME: {
    en: 'A timer counted in working time (the workingTime property) needs a duration or an ISO cycle (R/PT4H) without years or months, not {detail}; for an instant, compute it with FEEL, e.g. =add working hours(now(), 24).',
    zh: '按工作时间计的定时器（workingTime 属性）须为持续时间或不含年、月的 ISO 周期（如 R/PT4H），不能是{detailZh}；如需时间点，请用 FEEL 计算，如 =add working hours(now(), 24)。',
  },
  TIMER_CYCLE_INTERRUPTING: {
    en: 'A timer cycle is only allowed on a non-interrupting boundary event.',
    zh: '定时器周期只能用于非中断边界事件。',
  },
  BOUNDARY_NOT_ATTACHED: {
    en: 'The boundary event is not attached to an activity.',
    zh: '边界事件没有附加到任何活动上。',
  },
  BOUNDARY_HAS_INCOMING: {
    en: 'A boundary event cannot have incoming sequence flows.',
    zh: '边界事件不能有传入的顺序流。',
  },
  ERROR_BOUNDARY_TARGET: {
    en: 'Error boundary events are supported on service tasks and sub-processes only.',
    zh: '错误边界事件仅支持附加在服务任务和子流程上。',
  },
  EVENT_GATEWAY_TARGET: {
    en: 'An event-based gateway must lead to two or more message or timer catch events that have no other way in (found "{target}").',
    zh: '基于事件的网关必须连接两个或以上的消息或定时捕获事件，且这些事件没有其他传入流（发现“{target}”）。',
  },
  ERROR_BOUNDARY_NON_INTERRUPTING: {
    en: 'An error boundary event always interrupts; cancelActivity="false" is not allowed.',
    zh: '错误边界事件总是中断活动；不允许 cancelActivity="false"。',
  },
  ERROR_CODE_MISSING: {
    en: 'The error "{error}" referenced by this boundary event has no error code.',
    zh: '该边界事件引用的错误“{error}”没有错误代码。',
  },
  MAPPING_INVALID: {
    en: 'A variable mapping needs a source and a target variable name (got target "{target}").',
    zh: '变量映射需要来源和目标变量名（目标为“{target}”）。',
  },
  MESSAGE_MISSING: {
    en: 'The message event needs a message with a name (bpmn:message name).',
    zh: '消息事件需要一个带名称的消息（bpmn:message name）。',
  },
  SIGNAL_MISSING: {
    en: 'The signal event needs a signal with a name (bpmn:signal name).',
    zh: '信号事件需要一个带名称的信号（bpmn:signal name）。',
  },
  CORRELATION_KEY_MISSING: {
    en: 'The message "{name}" needs a correlation key (zeebe:subscription correlationKey) to be caught here.',
    zh: '消息“{name}”需要关联键（zeebe:subscription correlationKey）才能在此处捕获。',
  },
  MESSAGE_START_NAME: {
    en: 'The message of a start event must have a fixed name, not an expression.',
    zh: '启动事件的消息名称必须是固定的，不能是表达式。',
  },
  CALLED_ELEMENT_MISSING: {
    en: 'The call activity needs the id of the process it calls (zeebe:calledElement processId).',
    zh: '调用活动需要被调用流程的 ID（zeebe:calledElement processId）。',
  },
  DUPLICATE_ID: {
    en: 'The id "{id}" is used by more than one element.',
    zh: 'ID“{id}”被多个元素使用。',
  },
  TOO_LARGE: {
    en: 'The process has {count} elements; at most {max} are allowed.',
    zh: '流程有 {count} 个元素；最多允许 {max} 个。',
  },
};

export function problem(
  code: keyof typeof CATALOGUE | string,
  element: { id?: string; name?: string } | null,
  params: Params = {},
): BpmnProblem {
  const entry = CATALOGUE[code] ?? { en: code, zh: code };
  const fill = (text: string): string =>
    text.replace(/\{(\w+)\}/g, (_, key: string) =>
      String(params[key] ?? params[key.replace(/Zh$/, '')] ?? ''),
    );
  return {
    code,
    ...(element?.id ? { elementId: element.id } : {}),
    ...(element?.name ? { elementName: element.name } : {}),
    message: fill(entry.en),
    messageZh: fill(entry.zh),
  };
}

/** English and Chinese names of BPMN element kinds, for messages. */
export const KIND_NAMES: Record<string, { en: string; zh: string }> = {
  'bpmn:Task': { en: 'An untyped task', zh: '无类型任务' },
  'bpmn:ManualTask': { en: 'A manual task', zh: '手工任务' },
  'bpmn:SendTask': { en: 'A send task', zh: '发送任务' },
  'bpmn:ReceiveTask': { en: 'A receive task', zh: '接收任务' },
  'bpmn:BusinessRuleTask': { en: 'A business rule task', zh: '业务规则任务' },
  'bpmn:CallActivity': { en: 'A call activity', zh: '调用活动' },
  'bpmn:Transaction': { en: 'A transaction sub-process', zh: '事务子流程' },
  'bpmn:AdHocSubProcess': { en: 'An ad-hoc sub-process', zh: '自由子流程' },
  'bpmn:EventBasedGateway': { en: 'An event-based gateway', zh: '基于事件的网关' },
  'bpmn:ComplexGateway': { en: 'A complex gateway', zh: '复杂网关' },
  'bpmn:IntermediateThrowEvent': { en: 'An intermediate throw event', zh: '中间抛出事件' },
  'bpmn:IntermediateCatchEvent': { en: 'An intermediate catch event', zh: '中间捕获事件' },
  'bpmn:StartEvent': { en: 'A start event', zh: '启动事件' },
  'bpmn:EndEvent': { en: 'An end event', zh: '结束事件' },
  'bpmn:BoundaryEvent': { en: 'A boundary event', zh: '边界事件' },
  'bpmn:DataObject': { en: 'A data object', zh: '数据对象' },
  'bpmn:DataObjectReference': { en: 'A data object reference', zh: '数据对象引用' },
  'bpmn:DataStoreReference': { en: 'A data store reference', zh: '数据存储引用' },
  'bpmn:SubProcess': { en: 'An event sub-process', zh: '事件子流程' },
  'bpmn:ScriptTask': { en: 'A script task', zh: '脚本任务' },
  'bpmn:MessageFlow': { en: 'A message flow', zh: '消息流' },
};

export function kindParams(type: string): { kind: string; kindZh: string } {
  const names = KIND_NAMES[type];
  const bare = type.replace(/^bpmn:/, '');
  return { kind: names?.en ?? `The element type ${bare}`, kindZh: names?.zh ?? `元素类型 ${bare}` };
}
