// The flow as a whole: its name and process id, the request form (on its start event) and the
// approval rules of the flow — auto-approve, what happens when nobody can approve, out-of-office
// proxies — which the server keeps per process (PUT /api/flows/{id}/approval-settings).
import { useEffect, useState } from 'react';
import { asApiError } from '#designer/api/errors.ts';
import { useLocale, useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Alert, Button, Icon } from '#designer/ui/index.ts';
import { CheckField, SelectField } from '#designer/ui/kit/index.ts';
import { loadSettings, saveSettings, type SettingsInput } from '../api.ts';
import { flowModelerMessages } from '../messages.ts';
import { readFormId, writeFormId } from '../model/zeebe-edit.ts';
import { readNameZh } from '../model/names.ts';
import { CommitField, editorFor, setName, setNameZh, type Element } from './common.tsx';
import type { PanelContext } from './context.ts';

type Fallback = 'incident' | 'skip' | 'assign';

interface Rules {
  requesterIsApprover: boolean;
  sameApproverConsecutive: boolean;
  noApprover: boolean;
  fallback: Fallback;
  fallbackUser: string;
  proxies: boolean;
}

const DEFAULT_RULES: Rules = {
  requesterIsApprover: false,
  sameApproverConsecutive: false,
  noApprover: false,
  fallback: 'incident',
  fallbackUser: '',
  proxies: true,
};

export function startEventOf(modeler: PanelContext['modeler'], root: Element): Element | undefined {
  return modeler
    .get('elementRegistry')
    .filter((e: Element) => e.type === 'bpmn:StartEvent' && e.parent === root)[0];
}

export function ProcessPanel({ ctx, root, rev }: { ctx: PanelContext; root: Element; rev: number }) {
  const t = useMessages(flowModelerMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const bo = root.businessObject;
  const start = startEventOf(ctx.modeler, root);
  const [rules, setRules] = useState<Rules | null>(null);
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    loadSettings(ctx.processId)
      .then((s) => {
        if (!live) return;
        const auto = s.autoApprove as Record<string, boolean>;
        const fb = s.noAssigneeFallback as { type?: Fallback; user?: string };
        setRules({
          requesterIsApprover: auto.requesterIsApprover === true,
          sameApproverConsecutive: auto.sameApproverConsecutive === true,
          noApprover: auto.noApprover === true,
          fallback: fb.type ?? 'incident',
          fallbackUser: fb.user ?? '',
          proxies: s.proxies,
        });
      })
      .catch(() => live && setRules(DEFAULT_RULES));
    return () => {
      live = false;
    };
  }, [ctx.processId]);

  const save = async (): Promise<void> => {
    if (!rules) return;
    setBusy(true);
    setStatus(null);
    const body: SettingsInput = {
      autoApprove: {
        requesterIsApprover: rules.requesterIsApprover,
        sameApproverConsecutive: rules.sameApproverConsecutive,
        noApprover: rules.noApprover,
      },
      noAssigneeFallback:
        rules.fallback === 'assign' && rules.fallbackUser.trim()
          ? { type: 'assign', user: rules.fallbackUser.trim() }
          : { type: rules.fallback },
      proxies: rules.proxies,
    };
    try {
      await saveSettings(ctx.processId, body);
      setStatus({ tone: 'success', text: t('process.rulesSaved') });
    } catch (e) {
      setStatus({ tone: 'error', text: asApiError(e).text(locale) });
    } finally {
      setBusy(false);
    }
  };
  const set = (patch: Partial<Rules>): void => setRules((r) => (r ? { ...r, ...patch } : r));

  return (
    <div className="f-elpanel" data-kind="process" data-rev={rev}>
      <p className="f-elpanel__type">{t('el.process')}</p>
      <CommitField
        label={t('process.name')}
        name="process-name"
        value={bo.name ?? ''}
        onCommit={(name) => setName(ctx.modeler, root, name)}
      />
      <CommitField
        label={t('process.nameZh')}
        name="process-name-zh"
        value={readNameZh(bo)}
        onCommit={(name) => setNameZh(ctx.modeler, root, name)}
      />
      <CommitField
        label={t('process.id')}
        name="process-id"
        mono
        value={bo.id}
        readOnly={ctx.deployed}
        hint={ctx.deployed ? t('process.idLocked') : undefined}
        onCommit={(id) => id.trim() && ctx.modeler.get('modeling').updateProperties(root, { id: id.trim() })}
      />
      {start && (
        <SelectField
          label={t('process.requestForm')}
          hint={t('process.requestFormHint')}
          name="request-form"
          value={readFormId(start.businessObject)}
          onChange={(e) => writeFormId(start.businessObject, e.target.value, editorFor(ctx.modeler, start))}
        >
          <option value="">{t('process.noForm')}</option>
          {ctx.forms.map((f) => (
            <option key={f.id} value={f.id}>
              {localized(f.name)}
            </option>
          ))}
        </SelectField>
      )}
      <fieldset className="f-group" data-section="rules">
        <legend className="f-group__title">
          <Icon name="admin" size={18} /> {t('process.rules')}
        </legend>
        <p className="f-field__hint">{t('process.rulesHint')}</p>
        {rules && (
          <>
            <CheckField
              label={t('process.autoRequester')}
              name="auto-requester"
              checked={rules.requesterIsApprover}
              onChange={(v) => set({ requesterIsApprover: v })}
            />
            <CheckField
              label={t('process.autoSame')}
              name="auto-same"
              checked={rules.sameApproverConsecutive}
              onChange={(v) => set({ sameApproverConsecutive: v })}
            />
            <CheckField
              label={t('process.autoNobody')}
              name="auto-nobody"
              checked={rules.noApprover}
              onChange={(v) => set({ noApprover: v })}
            />
            <SelectField
              label={t('process.fallback')}
              name="fallback"
              value={rules.fallback}
              onChange={(e) => set({ fallback: e.target.value as Fallback })}
            >
              <option value="incident">{t('process.fallback.incident')}</option>
              <option value="skip">{t('process.fallback.skip')}</option>
              <option value="assign">{t('process.fallback.assign')}</option>
            </SelectField>
            {rules.fallback === 'assign' && (
              <CommitField
                label={t('process.fallbackUser')}
                name="fallback-user"
                mono
                value={rules.fallbackUser}
                onCommit={(v) => set({ fallbackUser: v })}
              />
            )}
            <CheckField
              label={t('process.proxies')}
              name="proxies"
              checked={rules.proxies}
              onChange={(v) => set({ proxies: v })}
            />
            {status && <Alert tone={status.tone}>{status.text}</Alert>}
            <Button busy={busy} onClick={() => void save()} data-action="save-rules">
              {t('process.saveRules')}
            </Button>
          </>
        )}
      </fieldset>
    </div>
  );
}
