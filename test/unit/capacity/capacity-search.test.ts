/** The search steps: growth, bisection, the bracket and when it is resolved. */
import { describe, expect, it } from 'vitest';
import { bracketOf, isResolved, nextStep, probesLeft, saturationCeiling, type SearchSettings } from '../../../bench/capacity/capacity-search.js';

describe('the search', () => {
  const settings: SearchSettings = { startClients: 1000, maxClients: 100_000, growth: 2, resolution: 0.05 };

  it('grows from the start until a failure, then bisects to the resolution', () => {
    expect(nextStep(bracketOf([], []), settings)).toEqual({ type: 'probe', clients: 1000, phase: 'grow' });
    expect(nextStep(bracketOf([1000, 2000], []), settings)).toEqual({ type: 'probe', clients: 4000, phase: 'grow' });
    expect(nextStep(bracketOf([1000, 2000], [4000]), settings)).toEqual({ type: 'probe', clients: 3000, phase: 'bisect' });
    expect(nextStep(bracketOf([1000, 2000, 3000], [4000, 3100]), settings)).toEqual({ type: 'done', reason: 'resolved' });
    expect(isResolved({ low: 3000, high: 3150 }, 0.05)).toBe(true);
    expect(isResolved({ low: 3000, high: 3151 }, 0.05)).toBe(false);
  });

  it('shrinks when the first probe fails, and says so when even one client fails', () => {
    expect(nextStep(bracketOf([], [1000]), settings)).toEqual({ type: 'probe', clients: 500, phase: 'shrink' });
    expect(nextStep(bracketOf([], [1]), settings)).toEqual({ type: 'done', reason: 'none-passed' });
  });

  it('stops at --max-clients, and a pass above a failure does not raise the low end', () => {
    expect(nextStep(bracketOf([50_000], []), settings)).toEqual({ type: 'probe', clients: 100_000, phase: 'grow' });
    expect(nextStep(bracketOf([100_000], []), settings)).toEqual({ type: 'done', reason: 'max-clients' });
    expect(bracketOf([1000, 3000], [2000])).toEqual({ low: 1000, high: 2000 });
  });

  it('bisects below a probe that saturated the load generator, as below a failure, and says where the search could not see past', () => {
    expect(saturationCeiling([8000], [], [16000])).toBe(16000);
    expect(nextStep(bracketOf([8000], [16000]), settings)).toEqual({ type: 'probe', clients: 12000, phase: 'bisect' });
    // A failure below it decides; a saturation below every pass says nothing.
    expect(saturationCeiling([8000], [12000], [16000])).toBeNull();
    expect(saturationCeiling([8000], [], [4000])).toBeNull();
    expect(saturationCeiling([8000], [], [16000, 12000])).toBe(12000);
  });

  it('counts the probes left: the halvings in bisection', () => {
    expect(probesLeft({ low: 2000, high: 4000 }, settings)).toBe(5);
    expect(probesLeft({ low: 3000, high: 3100 }, settings)).toBe(0);
    expect(probesLeft({ low: 2000, high: null }, settings)).toBeGreaterThan(probesLeft({ low: 2000, high: 4000 }, settings));
  });
});
