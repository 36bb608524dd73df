// The app's frame: brand and one navigation entry per view. A view is a button, not a route:
// the page has no server-side paths (Electron loads it from file://).
import type { ReactNode } from 'react';

export interface NavEntry<Id extends string> {
  id: Id;
  label: string;
  icon: ReactNode;
}

interface Props<Id extends string> {
  entries: ReadonlyArray<NavEntry<Id>>;
  active: Id;
  onSelect(id: Id): void;
}

export function Sidebar<Id extends string>({ entries, active, onSelect }: Props<Id>) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ◉
        </span>
        <div>
          <h1>Thalamus</h1>
          <p className="tagline">Claude Code on your Cursor subscription</p>
        </div>
      </div>
      <nav aria-label="Views">
        <ul className="nav-list">
          {entries.map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={entry.id === active ? 'page' : undefined}
                onClick={() => onSelect(entry.id)}
              >
                <span className="nav-icon" aria-hidden="true">
                  {entry.icon}
                </span>
                {entry.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
