// The "Show key" checkbox of a card that shows the client key (masked until it is ticked).
export function ShowKeyToggle({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="checkbox checkbox-small">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      Show key
    </label>
  );
}
