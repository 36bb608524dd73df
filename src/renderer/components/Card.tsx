import type { ReactNode } from 'react';

export function Card({ id, title, aside, className = '', children }: { id: string; title: string; aside?: ReactNode; className?: string; children: ReactNode }) {
  return (
    <section className={`card ${className}`} aria-labelledby={`${id}-title`} data-testid={id}>
      <header className="card-header">
        <h2 id={`${id}-title`}>{title}</h2>
        {aside}
      </header>
      {children}
    </section>
  );
}

export function Note({ tone, title, children, testId }: { tone: 'error' | 'warning' | 'info' | 'success'; title?: string; children: ReactNode; testId?: string }) {
  return (
    <div className={`note note-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {title && <strong>{title} </strong>}
      {children}
    </div>
  );
}
