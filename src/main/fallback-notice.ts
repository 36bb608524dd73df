// The tray notification for a fallback: what it says, and not saying it again for the same
// switch within a quiet period (a used-up pool would otherwise notify on every turn).

export interface FallbackEvent {
  requested: string;
  answered: string;
  /** The error kind that made the requested model give way. */
  reason: string;
}

export interface NotificationText {
  title: string;
  body: string;
}

/** One notification per requested → answered pair per this long. */
export const FALLBACK_QUIET_MS = 10 * 60_000;

const REASONS: Readonly<Record<string, string>> = {
  quota_exhausted: 'its usage pool is used up',
  model_not_allowed: 'your Cursor plan does not include it',
  overloaded: 'Cursor was unavailable or did not answer in time',
  timeout: 'Cursor did not answer in time',
  rate_limited: 'Cursor kept throttling it',
};

export function fallbackText({ requested, answered, reason }: FallbackEvent): NotificationText {
  return {
    title: `${answered} answered instead of ${requested}`,
    body: `${requested} could not answer (${REASONS[reason] ?? reason}), so your fallback chain used ${answered}. Change chains in Settings → Fallback.`,
  };
}

export class FallbackNotices {
  private readonly lastShown = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now, private readonly quietMs = FALLBACK_QUIET_MS) {}

  /** The notification to show for `event`, or undefined when the same switch was shown recently. */
  next(event: FallbackEvent): NotificationText | undefined {
    const key = `${event.requested}>${event.answered}`;
    const last = this.lastShown.get(key);
    if (last !== undefined && this.now() - last < this.quietMs) return undefined;
    this.lastShown.set(key, this.now());
    return fallbackText(event);
  }
}
