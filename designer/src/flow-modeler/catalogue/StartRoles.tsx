// Who may start the request: a checkbox per role (none checked: every employee).
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Checkbox, type LocalizedText } from '#designer/ui/kit/index.ts';
import { catalogueMessages } from './messages.ts';

export function StartRoles({
  roles,
  chosen,
  error,
  onChange,
}: {
  roles: readonly { id: string; name: LocalizedText }[];
  chosen: string[];
  error: string | undefined;
  onChange(roles: string[]): void;
}) {
  const t = useMessages(catalogueMessages);
  const localized = useLocalized();
  return (
    <fieldset
      className={`f-group f-catalogue__roles${error ? ' f-field--invalid' : ''}`}
      data-field="entry-roles"
    >
      <legend className="f-group__title">{t('roles')}</legend>
      <p className="f-field__hint">{t('rolesHint')}</p>
      <ul className="f-catalogue__rolelist">
        {roles.map((role) => (
          <li key={role.id}>
            <Checkbox
              roomy
              name="entry-role"
              value={role.id}
              label={localized(role.name)}
              checked={chosen.includes(role.id)}
              onChange={(on) => onChange(on ? [...chosen, role.id] : chosen.filter((r) => r !== role.id))}
            />
          </li>
        ))}
      </ul>
      {error && <p className="f-field__error">{error}</p>}
    </fieldset>
  );
}
