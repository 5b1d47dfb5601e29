// The bpmn-js Modeler as the flow modeler uses it: the zeebe (Camunda 8) moddle and behaviours, the
// properties panel, Forma's restrictions (only what the engine runs), bpmn-js's texts and the
// diagram's names (localized-labels.ts) in the user's language. This file — and so bpmn-js,
// ≈1 MB — is only reached from the modeler page's lazy chunk.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import formaModdle from '#schemas/forma-bpmn-moddle.json';
import type { Locale } from '#designer/i18n/define.ts';
import { bpmnTexts } from './bpmn-texts.ts';
import { appendRoomModule } from './append-room.ts';
import { localizedLabelsModule } from './localized-labels.ts';
import { restrictionsModule, translateModule } from './modules.ts';
import { selectConnectionModule } from './select-connection.ts';

export type Modeler = InstanceType<typeof BpmnModeler>;

export function createModeler(canvas: HTMLElement, panel: HTMLElement, locale: Locale): Modeler {
  return new BpmnModeler({
    container: canvas,
    propertiesPanel: { parent: panel },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      ZeebeBehaviorsModule,
      restrictionsModule,
      appendRoomModule,
      selectConnectionModule,
      translateModule(bpmnTexts[locale]),
      localizedLabelsModule(locale),
    ],
    moddleExtensions: { zeebe: zeebeModdle, forma: formaModdle },
  });
}
