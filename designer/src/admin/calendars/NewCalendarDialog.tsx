// A new calendar: its id, name and time zone, starting from Monday-to-Friday office hours or from
// a copy of another calendar (a module's, to change it). The server's problems show at their fields.
import { useState } from 'react';
import { api, type ReplyOf } from '../../api/client.ts';
import { useLocalized, useMessages } from '../../i18n/react.tsx';
import { Button, TextField } from '../../ui/index.ts';
import {
  Dialog,
  EMPTY_TEXT,
  ErrorBox,
  errorsAt,
  FormGrid,
  LocalizedTextField,
  SelectField,
  trimText,
  useSubmit,
} from '../../ui/kit/index.ts';
import { calendarMessages } from './messages.ts';

type Calendar = ReplyOf<'/api/calendars/{id}', 'get'>;

const OFFICE = [
  { from: '09:00', to: '12:00' },
  { from: '13:00', to: '18:00' },
];
const OFFICE_WEEK = { monday: OFFICE, tuesday: OFFICE, wednesday: OFFICE, thursday: OFFICE, friday: OFFICE };

export function NewCalendarDialog({
  calendars,
  copyOf,
  onClose,
  onCreated,
}: {
  calendars: Calendar[];
  copyOf: Calendar | null;
  onClose(): void;
  onCreated(id: string): void;
}) {
  const t = useMessages(calendarMessages);
  const localized = useLocalized();
  const [id, setId] = useState(copyOf ? `${copyOf.id}-copy` : '');
  const [name, setName] = useState(copyOf?.name ?? EMPTY_TEXT);
  const [timeZone, setTimeZone] = useState(
    copyOf?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'Asia/Shanghai',
  );
  const [base, setBase] = useState(copyOf?.id ?? '');
  const submit = useSubmit(async () => {
    const from = calendars.find((c) => c.id === base);
    const body = {
      id: id.trim(),
      name: trimText(name),
      timeZone: timeZone.trim(),
      weekly: from?.weekly ?? OFFICE_WEEK,
      ...(from?.holidays ? { holidays: from.holidays } : {}),
      ...(from?.workdays ? { workdays: from.workdays } : {}),
      ...(from?.source ? { source: from.source } : {}),
      ...(from?.description ? { description: from.description } : {}),
    };
    await api.post('/api/calendars', { body });
    onCreated(body.id);
  });
  const errors = submit.fieldErrors;

  return (
    <Dialog
      title={t('new')}
      onClose={onClose}
      onSubmit={submit.onSubmit}
      noValidate
      busy={submit.busy}
      data={{ dialog: 'new-calendar' }}
      footer={
        <>
          <Button onClick={onClose}>{t('discard')}</Button>
          <Button type="submit" variant="primary" icon="plus" busy={submit.busy}>
            {t('create')}
          </Button>
        </>
      }
    >
      <ErrorBox error={submit.error} details={false} />
      <FormGrid>
        <TextField
          label={t('field.id')}
          name="id"
          hint={t('field.idHint')}
          value={id}
          error={errors['/id']}
          required
          onChange={(e) => setId(e.target.value)}
        />
        <LocalizedTextField
          label={t('field.name')}
          name="name"
          value={name}
          onChange={setName}
          errors={errorsAt(errors, '/name')}
          required
        />
        <TextField
          label={t('field.zone')}
          name="timeZone"
          hint={t('field.zoneHint')}
          value={timeZone}
          error={errors['/timeZone']}
          onChange={(e) => setTimeZone(e.target.value)}
        />
        <SelectField label={t('field.copyOf')} value={base} onChange={(e) => setBase(e.target.value)}>
          <option value="">{t('field.blank')}</option>
          {calendars.map((c) => (
            <option key={c.id} value={c.id}>
              {localized(c.name)} ({c.id})
            </option>
          ))}
        </SelectField>
      </FormGrid>
    </Dialog>
  );
}
