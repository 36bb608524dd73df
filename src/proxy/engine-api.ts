// The contract between the HTTP front ends and the Cursor side. Front ends depend on this
// file only; src/proxy/engine.ts implements it over Cursor's Agent API.
import type { Conversation } from './conversation.js';
import type { TurnEvent } from './events.js';

/** A model as Cursor lists it (GetUsableModels). */
export interface CursorModel {
  /** The wire id sent as ModelDetails.model_id, e.g. `claude-4.5-sonnet` or `default`. */
  id: string;
  displayName: string;
  aliases: string[];
  /** Cursor marks it as a thinking model (ModelDetails.thinking_details present). */
  thinking: boolean;
  /** Context window in tokens: AvailableModels, refined by checkpoints, else the documented table. */
  contextWindow?: number;
  /** The window under Max mode; absent: the model has no Max mode. */
  maxModeWindow?: number;
}

/** The model a turn runs on, after the front end resolved the client's id. */
export interface TurnModel {
  id: string;
  /** Send ModelDetails.thinking_details. */
  thinking: boolean;
  /** Max mode (the client asked for `<id>[1m]`): set in RequestedModel and ModelDetails both. */
  maxMode?: boolean;
  /** The window this turn has (Max mode's when on); absent: unknown. */
  contextWindow?: number;
}

export interface TurnOptions {
  model: TurnModel;
  /** Aborted when the HTTP client goes away: the upstream run is reset at once. */
  signal: AbortSignal;
}

export interface EngineStats {
  /** Upstream Run streams currently open (streaming or parked waiting for tool results). */
  openRuns: number;
  /** Of those, runs parked between a tool_use response and its tool results. */
  parkedRuns: number;
}

export interface Engine {
  /**
   * Runs one turn. Events come in order; the iterable ends after exactly one `end` or `error`
   * event (failures are yielded, never thrown). When the turn ends with reason `tool_use`, the
   * upstream run stays open and a later `runTurn` whose last user message carries the matching
   * tool results continues it; otherwise a new run carries the conversation.
   * Breaking out of the iteration early cancels the upstream run.
   */
  runTurn(conversation: Conversation, options: TurnOptions): AsyncIterable<TurnEvent>;
  /** Cursor's model list, cached with a TTL. Rejects with an UpstreamError. */
  listModels(): Promise<CursorModel[]>;
  stats(): EngineStats;
  close(): Promise<void>;
}
