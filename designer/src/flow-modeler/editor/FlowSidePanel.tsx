// Beside the diagram: the selected element's approval-friendly properties, bpmn-js's own properties
// panel (Advanced, always mounted: bpmn-js draws into it), the simulation, the deployed versions
// and the deploy check's problems.
import type { Ref } from 'react';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { TabPanel, Tabs, type TabItem } from '#designer/ui/kit/index.ts';
import type { FlowProblem, FlowVersion } from '../api.ts';
import { flowModelerMessages } from '../messages.ts';
import { describeElement } from '../model/names.ts';
import type { SimResult } from '../model/simulate.ts';
import type { Element } from '../panels/common.tsx';
import type { PanelContext } from '../panels/context.ts';
import { ElementPanel } from '../panels/ElementPanel.tsx';
import { ProblemsPanel, VersionsPanel } from '../panels/Lists.tsx';
import { SimulatePanel } from '../panels/SimulatePanel.tsx';

export type SideTab = 'element' | 'advanced' | 'simulate' | 'versions' | 'problems';

export function FlowSidePanel({
  tab,
  onTab,
  ctx,
  element,
  rev,
  advancedRef,
  versions,
  problems,
  onOpenVersion,
  onShowElement,
  onSimulated,
}: {
  tab: SideTab;
  onTab(tab: SideTab): void;
  /** Null until the modeler is ready. */
  ctx: PanelContext | null;
  /** The selected element, or the process. */
  element: Element | null;
  rev: number;
  advancedRef: Ref<HTMLDivElement>;
  versions: FlowVersion[] | null;
  problems: FlowProblem[];
  onOpenVersion(version: number): void;
  onShowElement(id: string): void;
  onSimulated(result: SimResult | null): void;
}) {
  const t = useMessages(flowModelerMessages);
  const { locale } = useLocale();
  const tabs: TabItem<SideTab>[] = [
    { id: 'element', icon: 'settings', label: t('tab.element') },
    { id: 'advanced', icon: 'code', label: t('tab.advanced') },
    { id: 'simulate', icon: 'play', label: t('tab.simulate') },
    { id: 'versions', icon: 'diff', label: t('tab.versions') },
    {
      id: 'problems',
      icon: 'alert',
      label: t('tab.problems'),
      extra: problems.length > 0 && <span className="f-count">{problems.length}</span>,
    },
  ];
  return (
    <aside className="f-flow__side" aria-label={t('sidePanel')}>
      <Tabs
        compact
        label={t('sidePanel')}
        idPrefix="f-flowtab"
        items={tabs}
        selected={tab}
        onSelect={onTab}
      />
      <TabPanel idPrefix="f-flowtab" selected={tab} className="f-flow__panel">
        {ctx && element && tab === 'element' && (
          <ElementPanel key={element.id} element={element} ctx={ctx} rev={rev} />
        )}
        <div
          className="f-flow__advanced"
          ref={advancedRef}
          hidden={tab !== 'advanced'}
          aria-label={t('properties')}
        />
        {ctx && tab === 'simulate' && <SimulatePanel ctx={ctx} rev={rev} onResult={onSimulated} />}
        {tab === 'versions' && <VersionsPanel versions={versions} onOpen={onOpenVersion} />}
        {tab === 'problems' && (
          <ProblemsPanel
            problems={problems}
            onShow={onShowElement}
            describe={(id) => {
              const found = ctx?.modeler.get('elementRegistry').get(id);
              return found ? describeElement(found.businessObject, locale) : undefined;
            }}
          />
        )}
      </TabPanel>
    </aside>
  );
}
