// Which client (MCP) tool calls of a run are in flight, to know when one model step's calls
// are all out and the response can end with `tool_use` (parallel calls arrive as several
// exec messages, reference §5.2).

export interface PendingExec {
  /** ExecServerMessage.id, echoed in the result and stream_close. */
  id: number;
  execId: string;
  toolCallId: string;
}

export class ToolCallTracker {
  /** Announced by tool_call_started/partial_tool_call, args not yet received. */
  private readonly announced = new Set<string>();
  /** Every call whose mcp_args arrived (so a late announcement is not waited for). */
  private readonly argsSeen = new Set<string>();
  /** Args received, not yet handed to the client in an ended response. */
  private readonly current = new Map<string, PendingExec>();
  /** Handed to the client; waiting for its results. */
  private readonly awaiting = new Map<string, PendingExec>();

  announce(toolCallId: string): void {
    if (!this.argsSeen.has(toolCallId)) this.announced.add(toolCallId);
  }

  /** The call finished or was refused without ever reaching the client. */
  settle(toolCallId: string): void {
    this.announced.delete(toolCallId);
  }

  addExec(exec: PendingExec): void {
    this.argsSeen.add(exec.toolCallId);
    this.announced.delete(exec.toolCallId);
    this.current.set(exec.toolCallId, exec);
  }

  /** exec_server_control_message.abort: forget the exec with this id. */
  abort(execId: number): void {
    for (const map of [this.current, this.awaiting]) {
      for (const [toolCallId, exec] of map) if (exec.id === execId) map.delete(toolCallId);
    }
  }

  /** Calls with args are waiting and no announced call is still missing its args. */
  get stepComplete(): boolean {
    return this.current.size > 0 && this.announced.size === 0;
  }

  get hasCurrent(): boolean {
    return this.current.size > 0;
  }

  /**
   * Moves the current calls to the awaiting set; returns their tool-call ids. Announcements
   * still without args are dropped: if their args come later, they start the next step.
   */
  handOver(): string[] {
    const ids = [...this.current.keys()];
    for (const [id, exec] of this.current) this.awaiting.set(id, exec);
    this.current.clear();
    this.announced.clear();
    return ids;
  }

  /** The calls the client must answer now; clears them. */
  takeAwaiting(): PendingExec[] {
    const execs = [...this.awaiting.values()];
    this.awaiting.clear();
    return execs;
  }

  get awaitingIds(): string[] {
    return [...this.awaiting.keys()];
  }
}
