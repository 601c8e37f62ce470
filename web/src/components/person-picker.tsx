import { useEffect, useMemo, useState } from 'preact/hooks';

export interface Person {
  id: string;
  name: string | null;
}

interface Props {
  id: string;
  label: string;
  people: readonly Person[];
  value: string;
  onChange: (id: string) => void;
  /** The first choice: "everyone" for a filter, "choose…" for a pick. */
  none: { value: string; label: string };
}

/** A person's name, or a short id for one whose name has not reached this domain yet. */
export const displayName = (person: Person) => person.name ?? `employee ${person.id.slice(0, 8)}`;

/**
 * A searchable choice of a person by name: typing narrows the list (and picks the one match),
 * the list itself works with keyboard and screen readers as any select does.
 */
export function PersonPicker({ id, label, people, value, onChange, none }: Props) {
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const words = search.trim().toLowerCase();
    const matching = people.filter((p) => !words || displayName(p).toLowerCase().includes(words));
    // The chosen person stays listed, so the select never shows a choice it does not hold.
    const chosen = people.find((p) => p.id === value);
    return chosen && !matching.includes(chosen) ? [chosen, ...matching] : matching;
  }, [people, search, value]);
  // One match picks itself, also when the names arrive after the typing.
  useEffect(() => {
    const words = search.trim().toLowerCase();
    const matches = people.filter((p) => displayName(p).toLowerCase().includes(words));
    if (words && matches.length === 1 && matches[0]!.id !== value) onChange(matches[0]!.id);
  }, [search, people]);
  return (
    <div class="picker">
      <div class="field">
        <label for={`${id}-search`}>Find {label.toLowerCase()} by name</label>
        <input
          id={`${id}-search`}
          type="search"
          value={search}
          placeholder="type a name"
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={id}>{label}</label>
        <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value={none.value}>{none.label}</option>
          {shown.map((person) => (
            <option key={person.id} value={person.id}>
              {displayName(person)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
