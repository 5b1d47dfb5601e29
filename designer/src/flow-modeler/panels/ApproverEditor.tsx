// Who approves a step and how several approvers decide; its deadline, reminders and escalation.
import { useEffect, useState } from 'react';
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Button, Icon } from '#designer/ui/index.ts';
import { Chip, Chips, SelectField } from '#designer/ui/kit/index.ts';
import { getUser, searchUsers } from '../api.ts';
import { flowModelerMessages } from '../messages.ts';
import {
  APPROVER_TYPES,
  dueDateExpression,
  fromAssignment,
  hasSeveral,
  parseDueDate,
  SIGN_MODES,
  type ApproverConfig,
  type ApproverType,
} from '../model/approvers.ts';
import { readAssignment, readDueDate, writeApprover, writeDueDate } from '../model/zeebe-edit.ts';
import { readSla, writeSla, type EscalationMode } from '../modeler/sla.ts';
import { CommitField, DurationInput, editorFor, type Element } from './common.tsx';
import type { PanelContext } from './context.ts';

function defaults(type: ApproverType, previous: ApproverConfig | null, ctx: PanelContext): ApproverConfig {
  switch (type) {
    case 'managers':
      return { type, levels: 2, mode: 'sequential' };
    case 'role':
      return { type, role: ctx.roles[0]?.id ?? 'finance', mode: 'any' };
    case 'users':
      return { type, users: [], mode: 'all' };
    case 'feel':
      return { type, mode: previous?.mode ?? 'all', feel: { assignee: '=manager(requester)' } };
    default:
      return { type, mode: 'all' };
  }
}

export function ApproverEditor({ element, ctx, rev }: { element: Element; ctx: PanelContext; rev: number }) {
  const t = useMessages(flowModelerMessages);
  const localized = useLocalized();
  const bo = element.businessObject;
  const [config, setConfig] = useState<ApproverConfig | null>(() => fromAssignment(readAssignment(bo)));
  // Undo/redo or the Advanced tab changed the task: read it again.
  useEffect(() => setConfig(fromAssignment(readAssignment(bo))), [bo, rev]);
  const write = (next: ApproverConfig): void => {
    setConfig(next);
    // Named people: nothing to write until someone is chosen.
    if (next.type === 'users' && !next.users?.length) return;
    writeApprover(bo, next, editorFor(ctx.modeler, element));
  };
  const several = config ? hasSeveral(config) : false;

  return (
    <fieldset className="f-group" data-section="approvers">
      <legend className="f-group__title">
        <Icon name="users" size={18} /> {t('task.approvers')}
      </legend>
      <SelectField
        label={t('task.approverType')}
        name="approver-type"
        value={config?.type ?? ''}
        onChange={(e) => e.target.value && write(defaults(e.target.value as ApproverType, config, ctx))}
      >
        {!config && <option value="">{t('task.chooseApprover')}</option>}
        {APPROVER_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`approver.${type}`)}
          </option>
        ))}
      </SelectField>
      {config?.type === 'managers' && (
        <SelectField
          label={t('task.levels')}
          name="approver-levels"
          value={String(config.levels ?? 2)}
          onChange={(e) => write({ ...config, levels: Number(e.target.value) })}
        >
          {[1, 2, 3, 4, 5, 6].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </SelectField>
      )}
      {config?.type === 'role' && (
        <SelectField
          label={t('task.role')}
          name="approver-role"
          value={config.role ?? ''}
          onChange={(e) => write({ ...config, role: e.target.value })}
        >
          {config.role && !ctx.roles.some((r) => r.id === config.role) && (
            <option value={config.role}>{config.role}</option>
          )}
          {ctx.roles.map((r) => (
            <option key={r.id} value={r.id}>
              {localized(r.name)}
            </option>
          ))}
        </SelectField>
      )}
      {config?.type === 'users' && (
        <UserList users={config.users ?? []} onChange={(users) => write({ ...config, users })} />
      )}
      {config?.type === 'feel' && (
        <>
          <p className="f-field__hint">{t('task.feelHint')}</p>
          {(['assignee', 'candidateUsers', 'candidateGroups', 'inputCollection'] as const).map((key) => (
            <CommitField
              key={key}
              label={t(
                key === 'assignee'
                  ? 'task.feelAssignee'
                  : key === 'candidateUsers'
                    ? 'task.feelUsers'
                    : key === 'candidateGroups'
                      ? 'task.feelGroups'
                      : 'task.feelCollection',
              )}
              name={`feel-${key}`}
              mono
              value={config.feel?.[key] ?? ''}
              onCommit={(value) => {
                const feel = { ...config.feel, [key]: value || undefined };
                for (const k of Object.keys(feel) as (keyof typeof feel)[]) if (!feel[k]) delete feel[k];
                write({ ...config, feel });
              }}
            />
          ))}
        </>
      )}
      {config && several && (
        <SelectField
          label={t('task.mode')}
          name="approver-mode"
          value={config.mode}
          onChange={(e) => write({ ...config, mode: e.target.value as ApproverConfig['mode'] })}
        >
          {SIGN_MODES.filter((m) => !(config.type === 'role' && m === 'sequential')).map((m) => (
            <option key={m} value={m}>
              {t(`mode.${m}`)}
            </option>
          ))}
        </SelectField>
      )}
      {config && several && config.mode === 'vote' && (
        <CommitField
          label={t('task.votePercent')}
          name="approver-vote"
          value={String(config.votePercent ?? 50)}
          onCommit={(v) => {
            const n = Number(v);
            if (Number.isFinite(n) && n > 0 && n <= 100) write({ ...config, votePercent: Math.round(n) });
          }}
        />
      )}
    </fieldset>
  );
}

function UserList({ users, onChange }: { users: string[]; onChange(users: string[]): void }) {
  const t = useMessages(flowModelerMessages);
  const [names, setNames] = useState<Record<string, string>>({});
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ id: string; displayName: string; login: string }[]>([]);
  useEffect(() => {
    for (const id of users)
      if (!names[id])
        getUser(id)
          .then((u) => setNames((n) => ({ ...n, [id]: u.displayName })))
          .catch(() => setNames((n) => ({ ...n, [id]: id })));
  }, [users, names]);
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setHits([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchUsers(q, controller.signal)
        .then((items) => setHits(items.filter((u) => !users.includes(u.id))))
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, users]);
  return (
    <div className="f-field">
      <span className="f-field__label">{t('task.users')}</span>
      <Chips>
        {users.map((id) => (
          <Chip
            key={id}
            data-user={id}
            removeLabel={t('task.removeUser', { name: names[id] ?? id })}
            onRemove={() => onChange(users.filter((u) => u !== id))}
          >
            {names[id] ?? id}
          </Chip>
        ))}
      </Chips>
      <input
        className="f-input"
        name="approver-search"
        aria-label={t('task.addUser')}
        placeholder={t('task.searchUser')}
        value={query}
        autoComplete="off"
        onChange={(e) => setQuery(e.target.value)}
      />
      {hits.length > 0 && (
        <ul className="f-hits" role="listbox" aria-label={t('task.addUser')}>
          {hits.map((u) => (
            <li key={u.id}>
              <Button
                variant="ghost"
                className="f-hits__item"
                onClick={() => {
                  setNames((n) => ({ ...n, [u.id]: u.displayName }));
                  onChange([...users, u.id]);
                  setQuery('');
                }}
              >
                {u.displayName}
                <span className="f-hits__login">{u.login}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SlaEditor({ element, ctx, rev }: { element: Element; ctx: PanelContext; rev: number }) {
  const t = useMessages(flowModelerMessages);
  const bo = element.businessObject;
  const due = parseDueDate(readDueDate(bo));
  const remind = readSla(element, 'remind');
  const escalate = readSla(element, 'escalate');
  const unit = (u: 'hours' | 'days'): string => t(`unit.${u}`);
  const names = (kind: 'remind' | 'escalate', d: { amount: number; unit: 'hours' | 'days' }) => ({
    service: t(kind === 'remind' ? 'sla.remind' : 'sla.escalate', { n: d.amount, unit: unit(d.unit) }),
    end: t('sla.end'),
  });
  return (
    <fieldset className="f-group" data-section="sla" data-rev={rev}>
      <legend className="f-group__title">
        <Icon name="clock" size={18} /> {t('task.deadlines')}
      </legend>
      <DurationInput
        label={t('task.due')}
        name="task-due"
        value={due}
        onChange={(d) => writeDueDate(bo, d ? dueDateExpression(d) : '', editorFor(ctx.modeler, element))}
      />
      <DurationInput
        label={t('task.remind')}
        name="task-remind"
        value={remind?.every ?? null}
        onChange={(d) =>
          writeSla(
            ctx.modeler,
            element,
            'remind',
            d ? { every: d } : null,
            names('remind', d ?? { amount: 0, unit: 'hours' }),
          )
        }
      />
      <DurationInput
        label={t('task.escalate')}
        name="task-escalate"
        value={escalate?.every ?? null}
        onChange={(d) =>
          writeSla(
            ctx.modeler,
            element,
            'escalate',
            d ? { every: d, mode: escalate?.mode ?? 'reassign' } : null,
            names('escalate', d ?? { amount: 0, unit: 'hours' }),
          )
        }
      />
      {escalate && (
        <SelectField
          label={t('task.escalateMode')}
          name="task-escalate-mode"
          value={escalate.mode ?? 'reassign'}
          onChange={(e) =>
            writeSla(
              ctx.modeler,
              element,
              'escalate',
              { every: escalate.every, mode: e.target.value as EscalationMode },
              names('escalate', escalate.every),
            )
          }
        >
          <option value="reassign">{t('escalate.reassign')}</option>
          <option value="notify">{t('escalate.notify')}</option>
        </SelectField>
      )}
    </fieldset>
  );
}
