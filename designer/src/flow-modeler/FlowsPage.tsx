// The flow modeler (issue 7). For now: an empty bpmn-js Modeler with the zeebe dialect and its
// properties panel. bpmn-js and the panel (~1 MB) live only in this lazy chunk; the portal never
// downloads them (tests/e2e/browser/shell.test.ts checks it).
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
import { useEffect, useRef, useState } from 'react';
import { useMessages } from '../i18n/react.tsx';
import { Alert, Page } from '../ui/index.ts';
import { flowModelerMessages } from './messages.ts';
import './flow-modeler.css';

export default function FlowsPage() {
  const t = useMessages(flowModelerMessages);
  const canvas = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const modeler = new BpmnModeler({
      container: canvas.current!,
      propertiesPanel: { parent: panel.current! },
      additionalModules: [
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        ZeebePropertiesProviderModule,
        ZeebeBehaviorsModule,
      ],
      moddleExtensions: { zeebe: zeebeModdle },
    });
    let active = true;
    // A modeler destroyed before its diagram was ready (StrictMode mounts twice) is not a failure.
    modeler.createDiagram().catch(() => active && setFailed(true));
    return () => {
      active = false;
      modeler.destroy();
    };
  }, []);

  return (
    <Page title={t('title')} intro={t('intro')}>
      {failed && <Alert tone="error">{t('loadFailed')}</Alert>}
      <div className="f-modeler">
        <div className="f-modeler__canvas" ref={canvas} role="application" aria-label={t('canvas')} />
        <aside className="f-modeler__panel" ref={panel} aria-label={t('properties')} />
      </div>
    </Page>
  );
}
