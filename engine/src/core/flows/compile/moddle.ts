// The one bpmn-moddle instance (with the zeebe and Forma descriptors) the compiler and the converters share:
// building it reads the descriptors, so it is made once.
import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import formaDescriptor from '#schemas/forma-bpmn-moddle.json' with { type: 'json' };

let moddle: BpmnModdle | null = null;
export function getModdle(): BpmnModdle {
  moddle ??= new BpmnModdle({ zeebe: zeebeDescriptor, forma: formaDescriptor });
  return moddle;
}
