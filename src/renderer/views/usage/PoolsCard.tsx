// Cursor's plan meters: both pools as bars (colour by threshold, a tick where the cycle stands),
// the total, each pool's pace (an estimate), the reset countdown, and on-demand spend apart.
import type { PoolMeter, UsageView } from '../../../shared/usage';
import { Card, Note } from '../../components/Card';
import { onDemandText } from '../../../proxy/usage/usage-report';
import { countdown, meterTone, paceText } from './usage-format';

function Meter({ label, meter, cycleElapsed, testId }: { label: string; meter: PoolMeter; cycleElapsed?: number; testId: string }) {
  const tone = meterTone(meter.percentUsed);
  const shown = meter.percentUsed === null ? 'unknown' : `${Math.round(meter.percentUsed * 10) / 10} %${meter.estimate ? ' (estimate)' : ''}`;
  return (
    <div className="meter" data-testid={testId}>
      <div className="meter-label">
        <span>{label}</span>
        <strong data-testid={`${testId}-value`}>{shown}</strong>
      </div>
      <div
        className={`meter-track meter-${tone}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={meter.percentUsed ?? undefined}
        aria-valuetext={shown}
      >
        {meter.percentUsed !== null && <div className="meter-fill" style={{ width: `${Math.min(100, meter.percentUsed)}%` }} />}
        {cycleElapsed !== undefined && <div className="meter-cycle" style={{ left: `${cycleElapsed}%` }} title={`${cycleElapsed} % of the billing cycle has gone by`} />}
      </div>
    </div>
  );
}

export function PoolsCard({ usage, now, onRefresh, refreshing }: { usage?: UsageView; now: Date; onRefresh: () => void; refreshing: boolean }) {
  const meters = usage?.meters;
  const elapsed = usage?.pace?.cycleElapsedPercent;
  return (
    <Card
      id="plan-usage"
      title="Cursor plan"
      className="card-wide"
      aside={
        <button type="button" className="button button-small" onClick={onRefresh} disabled={refreshing}>
          {refreshing ? 'Asking Cursor…' : 'Refresh'}
        </button>
      }
    >
      {!meters ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <p className="state-line">
            <strong data-testid="plan-name">{meters.plan ?? 'Plan unknown'}</strong>
            {meters.billingCycleEnd && (
              <span className="muted" data-testid="plan-reset">
                resets in {countdown(meters.billingCycleEnd, now)} ({new Date(meters.billingCycleEnd).toLocaleDateString()})
              </span>
            )}
          </p>
          {meters.state === 'unknown' && (
            <Note tone="warning" title="Usage unknown:" testId="usage-unknown">
              {meters.reason ?? 'Cursor did not say.'}
            </Note>
          )}
          {meters.state !== 'unknown' && (
            <div className="meters">
              <Meter label="API (named models)" meter={meters.pools.api} cycleElapsed={elapsed} testId="meter-api" />
              <Meter label="Auto + Composer" meter={meters.pools.auto} cycleElapsed={elapsed} testId="meter-auto" />
              <Meter label="Total" meter={meters.total} cycleElapsed={elapsed} testId="meter-total" />
            </div>
          )}
          {usage?.pace && (
            <p className="hint" data-testid="pace">
              {paceText(usage.pace)}
            </p>
          )}
          <dl className="facts">
            <div>
              <dt>On-demand spend</dt>
              <dd data-testid="on-demand">{onDemandText(meters.onDemand)}</dd>
            </div>
          </dl>
          {meters.state === 'partial' && meters.reason && <p className="hint">Not given by Cursor: {meters.reason}</p>}
          <p className="hint">As of {new Date(meters.fetchedAt).toLocaleTimeString()}.</p>
        </>
      )}
    </Card>
  );
}
