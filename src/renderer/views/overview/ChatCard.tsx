import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ChatEvent, ChatMessage, ModelView } from '../../../shared/thalamus-api';
import { api } from '../../api';
import { Card, Note } from '../../components/Card';

interface Turn {
  role: 'user' | 'assistant';
  text: string;
  thinking?: string;
  /** The Cursor model that answered. */
  model?: string;
  error?: string;
  stopped?: boolean;
}

interface Props {
  /** The model to chat with; empty while none is known. */
  model: string;
  models?: ModelView[];
  /** An answer is over (the status has one more request, maybe an error). */
  onFinished: () => void;
}

/** What goes upstream: the visible conversation, without failed or empty answers. */
function history(turns: Turn[]): ChatMessage[] {
  return turns.filter((turn) => turn.text.trim() !== '').map((turn) => ({ role: turn.role, content: turn.text }));
}

function displayName(models: ModelView[] | undefined, id: string): string {
  const name = models?.find((model) => model.id === id)?.displayName;
  return name && name !== id ? `${name} (${id})` : id;
}

export function ChatCard({ model, models, onFinished }: Props) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [draft, setDraft] = useState('');
  const [running, setRunning] = useState<AbortController>();
  const log = useRef<HTMLDivElement>(null);
  const current = useRef<AbortController>(undefined);

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [turns]);
  // Leaving the page stops a running answer.
  useEffect(() => () => current.current?.abort(), []);

  const updateAnswer = (change: (turn: Turn) => Turn) =>
    setTurns((shown) => [...shown.slice(0, -1), change(shown.at(-1)!)]);

  const onEvent = (event: ChatEvent) => {
    switch (event.type) {
      case 'model':
        return updateAnswer((turn) => ({ ...turn, model: event.model }));
      case 'text':
        return updateAnswer((turn) => ({ ...turn, text: turn.text + event.text }));
      case 'thinking':
        return updateAnswer((turn) => ({ ...turn, thinking: (turn.thinking ?? '') + event.text }));
      case 'error':
        return updateAnswer((turn) => ({ ...turn, error: event.message }));
      case 'done':
        return;
    }
  };

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft.trim();
    if (!text || running || !model) return;
    const messages = [...history(turns), { role: 'user' as const, content: text }];
    setTurns((shown) => [...shown, { role: 'user', text }, { role: 'assistant', text: '' }]);
    setDraft('');
    const controller = new AbortController();
    current.current = controller;
    setRunning(controller);
    try {
      await api.chat({ model, messages }, onEvent, controller.signal);
      if (controller.signal.aborted) updateAnswer((turn) => ({ ...turn, stopped: true }));
    } catch (caught) {
      updateAnswer((turn) => ({ ...turn, error: (caught as Error).message }));
    } finally {
      current.current = undefined;
      setRunning(undefined);
      onFinished();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) void send(event);
  };

  return (
    <Card
      id="chat"
      title="Test chat"
      className="card-wide"
      aside={
        turns.length > 0 && !running ? (
          <button type="button" className="button button-small button-quiet" onClick={() => setTurns([])}>
            Clear
          </button>
        ) : undefined
      }
    >
      <p className="hint">Check that answers come through. Chatting with {model ? <strong>{displayName(models, model)}</strong> : 'no model yet'}.</p>
      <div className="chat-log" ref={log} aria-live="polite" data-testid="chat-log">
        {turns.length === 0 && <p className="muted chat-empty">Say hello to see a streamed answer.</p>}
        {turns.map((turn, index) => (
          <div key={index} className={`bubble bubble-${turn.role}`} data-testid={turn.role === 'assistant' ? 'chat-answer' : 'chat-question'}>
            {turn.thinking && (
              <details className="thinking">
                <summary>Thinking</summary>
                {turn.thinking}
              </details>
            )}
            {turn.text && <div className="bubble-text">{turn.text}</div>}
            {turn.role === 'assistant' && !turn.text && !turn.error && !turn.stopped && running && index === turns.length - 1 && (
              <span className="typing" aria-label="Waiting for the answer">
                <i />
                <i />
                <i />
              </span>
            )}
            {turn.error && <Note tone="error">{turn.error}</Note>}
            {turn.role === 'assistant' && (turn.model || turn.stopped) && (
              <p className="bubble-meta">
                {turn.model && <span data-testid="answered-by">Answered by {displayName(models, turn.model)}</span>}
                {turn.stopped && <span data-testid="chat-stopped"> · Stopped</span>}
              </p>
            )}
          </div>
        ))}
      </div>
      <form className="chat-form" onSubmit={(event) => void send(event)}>
        <textarea
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Ask something… (Enter sends, Shift+Enter for a new line)"
          aria-label="Message"
          rows={2}
        />
        {running ? (
          <button type="button" className="button button-danger" onClick={() => running.abort()}>
            Stop
          </button>
        ) : (
          <button type="submit" className="button button-primary" disabled={!draft.trim() || !model}>
            Send
          </button>
        )}
      </form>
    </Card>
  );
}
