import { useEffect, useId, useRef, useState } from 'react';
import { Icon } from '../ui/icons.tsx';
import { useMessages } from '../i18n/react.tsx';
import { shellMessages } from './messages.ts';
import { Link } from './router.tsx';
import { useMe, useSession } from './session.tsx';

/** The user button in the header: who is signed in, out of office, change password, log out. */
export function AccountMenu() {
  const t = useMessages(shellMessages);
  const me = useMe();
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const initial = [...me.user.displayName.trim()][0]?.toUpperCase() ?? '?';
  return (
    <div className="f-account" ref={root}>
      <button
        type="button"
        className="f-account__button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t('account')}
        onClick={() => setOpen((v) => !v)}
      >
        <span className="f-avatar" aria-hidden="true">
          {initial}
        </span>
        <span className="f-account__name">{me.user.displayName}</span>
        <Icon name="chevronDown" size={16} />
      </button>
      <div className="f-menu" id={menuId} hidden={!open}>
        <p className="f-menu__who">
          {t('signedInAs', { name: me.user.displayName })}
          <span className="f-menu__login">{me.user.login}</span>
        </p>
        <Link className="f-menu__item" to="/account/away" onClick={() => setOpen(false)}>
          <Icon name="plane" />
          {t('outOfOffice')}
        </Link>
        <Link className="f-menu__item" to="/account/password" onClick={() => setOpen(false)}>
          <Icon name="key" />
          {t('changePassword')}
        </Link>
        <button
          type="button"
          className="f-menu__item"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            session.logout().finally(() => setLeaving(false));
          }}
        >
          <Icon name="logout" />
          {t('logout')}
        </button>
      </div>
    </div>
  );
}
