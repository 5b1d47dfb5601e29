// The people a directory search found, as a listbox under the search input (useUserSearch moves
// through it with the arrow keys): each person's name and login, or why there is nobody to show.
import type { UserHit } from './user-search.ts';
import './user-hits.css';

export function UserHits({
  id,
  hits,
  active,
  empty,
  onChoose,
}: {
  /** The listbox's id (the input's aria-controls); each option's id is `<id>-<index>`. */
  id: string;
  hits: readonly UserHit[];
  /** The index the arrow keys are on. */
  active: number;
  /** What to say when there are no hits (nobody matches, or the search failed). */
  empty: string;
  onChoose(hit: UserHit): void;
}) {
  return (
    <ul className="f-userhits" id={id} role="listbox">
      {hits.map((hit, i) => (
        <li
          key={hit.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className="f-userhits__option"
          // Keeps the focus in the input (its blur would close the list before the click lands).
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onChoose(hit)}
        >
          {hit.displayName}
          <span className="f-userhits__login">{hit.login}</span>
        </li>
      ))}
      {hits.length === 0 && (
        <li className="f-userhits__none" role="presentation">
          {empty}
        </li>
      )}
    </ul>
  );
}
