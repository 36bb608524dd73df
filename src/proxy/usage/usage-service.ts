// One view of usage for every reader (UI, CLI, tray, caps): Cursor's plan meters, the pace of
// the billing cycle, this gateway's own accounting and the limits in force.
import type { UsageView } from '../../shared/usage.js';
import type { Limits } from './limits.js';
import type { LocalUsage } from './local-usage.js';
import type { PlanUsage } from './plan-usage.js';
import { paceOf } from './pace.js';

export class UsageService {
  constructor(
    readonly meters: PlanUsage,
    readonly local: LocalUsage,
    readonly limits: Limits,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `refresh` asks Cursor now instead of using meters up to a minute old. */
  async view({ refresh = false } = {}): Promise<UsageView> {
    const [meters] = await Promise.all([this.meters.get({ refresh }), this.local.seeded()]);
    return {
      meters,
      pace: paceOf(meters, this.now()),
      local: { today: this.local.today(), days: this.local.recent(14) },
      limits: this.limits.view(),
    };
  }
}
