// Per-step field permissions (DingTalk's 字段权限 per node): for the selected approval step — or the
// requester, on the start event — each of the request form's fields is editable, read-only or
// hidden, or left to the default (the requester edits, approvers read). They are the flow's
// approval settings, not BPMN: saved at once (PUT /api/flows/{id}/approval-settings), without a
// deployment, starting from what holds now (the flow's own, else its catalogue entry's).
import { useEffect, useMemo, useState } from 'react';
import { asApiError } from '#designer/api/errors.ts';
import { fromDefinition } from '#designer/form-designer/model/from-definition.ts';
import { useLocale, useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Alert, Button, Icon } from '#designer/ui/index.ts';
import { SelectField } from '#designer/ui/kit/index.ts';
import { loadSettings, saveSettings, type ApprovalSettings, type SettingsInput } from '../api.ts';
import type { PanelContext } from './context.ts';
import { fieldAccessMessages } from './field-access-messages.ts';

type Access = 'editable' | 'readonly' | 'hidden';
type Permissions = Record<string, Record<string, Access>>;
const ACCESS: readonly Access[] = ['editable', 'readonly', 'hidden'];

/** The step whose permissions apply to the requester (as the server names it). */
export const REQUESTER = 'requester';

export function FieldAccessEditor({ ctx, step }: { ctx: PanelContext; step: string }) {
  const t = useMessages(fieldAccessMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const [settings, setSettings] = useState<ApprovalSettings | null>(null);
  const [own, setOwn] = useState<Record<string, Access>>({});
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    loadSettings(ctx.processId)
      .then((s) => {
        if (!live) return;
        setSettings(s);
        setOwn({ ...(s.fieldAccess?.permissions[step] ?? {}) });
      })
      .catch((e) => live && setStatus({ tone: 'error', text: asApiError(e).text(locale) }));
    return () => {
      live = false;
    };
  }, [ctx.processId, step]);

  // The form's top-level fields: what the server's permissions name (a table is one field).
  const fields = useMemo(
    () => (ctx.requestForm ? fromDefinition(ctx.requestForm).fields.filter((f) => f.key) : []),
    [ctx.requestForm],
  );

  const save = async (): Promise<void> => {
    if (!settings) return;
    setBusy(true);
    setStatus(null);
    const permissions: Permissions = { ...(settings.fieldAccess?.permissions ?? {}) };
    if (Object.keys(own).length) permissions[step] = own;
    else delete permissions[step];
    try {
      const saved = await saveSettings(ctx.processId, {
        autoApprove: settings.autoApprove,
        // The reply's rules as they came (the server checked them when they were set).
        noAssigneeFallback: settings.noAssigneeFallback as SettingsInput['noAssigneeFallback'],
        proxies: settings.proxies,
        fieldPermissions: permissions,
      });
      setSettings(saved);
      setStatus({ tone: 'success', text: t('saved') });
    } catch (e) {
      setStatus({ tone: 'error', text: asApiError(e).text(locale) });
    } finally {
      setBusy(false);
    }
  };

  const fallback = t(step === REQUESTER ? 'access.editable' : 'access.readonly');
  return (
    <fieldset className="f-group" data-section="field-access" data-step={step}>
      <legend className="f-group__title">
        <Icon name="lock" size={18} /> {t(step === REQUESTER ? 'titleRequester' : 'title')}
      </legend>
      <p className="f-field__hint">{t('hint')}</p>
      {!ctx.requestForm && <p className="f-field__hint">{t('noForm')}</p>}
      {ctx.requestForm && settings && (
        <>
          {settings.fieldAccess?.source === 'entry' && <Alert tone="info">{t('fromEntry')}</Alert>}
          {fields.map((f) => (
            <SelectField
              key={f.key}
              label={localized(f.label) || f.key}
              name={`field-access-${f.key}`}
              value={own[f.key] ?? ''}
              onChange={(e) => {
                const value = e.target.value as Access | '';
                setOwn((o) => {
                  const { [f.key]: _dropped, ...rest } = o;
                  return value ? { ...rest, [f.key]: value } : rest;
                });
              }}
            >
              <option value="">{t('access.default', { what: fallback })}</option>
              {ACCESS.map((a) => (
                <option key={a} value={a}>
                  {t(`access.${a}`)}
                </option>
              ))}
            </SelectField>
          ))}
          {status && <Alert tone={status.tone}>{status.text}</Alert>}
          <Button busy={busy} onClick={() => void save()} data-action="save-field-access">
            {t('save')}
          </Button>
        </>
      )}
      {!settings && status && <Alert tone={status.tone}>{status.text}</Alert>}
    </fieldset>
  );
}
