/**
 * The search itself, without running anything: from the probes judged so far, the bracket and the
 * next client count. Grow geometrically from the start until a probe fails (or, when the first
 * fails, shrink until one passes), then bisect until the bracket is within the resolution.
 */

/** What the search needs to know of its settings. */
export interface SearchSettings {
  startClients: number;
  maxClients: number;
  growth: number;
  resolution: number;
}

/** The client counts known to pass and to fail so far. */
export interface Bracket {
  /** Largest passing count below every failing one; null when none passed yet. */
  low: number | null;
  /** Smallest failing count; null when none failed yet. */
  high: number | null;
}

/** The next step: probe `clients`, or stop because the answer is known. */
export type SearchStep =
  { type: 'probe'; clients: number; phase: 'grow' | 'shrink' | 'bisect' } | { type: 'done'; reason: 'resolved' | 'max-clients' | 'none-passed' };

/** The bracket the probes give: a pass above a fail is noise around the knee, so it does not raise the low end. */
export function bracketOf(passed: readonly number[], failed: readonly number[]): Bracket {
  const high = failed.length === 0 ? null : Math.min(...failed);
  const below = passed.filter((clients) => high === null || clients < high);
  return { low: below.length === 0 ? null : Math.max(...below), high };
}

/**
 * The smallest count whose probe saturated the load generator, when it lies above every pass
 * and below every failure: the search cannot see past it, so it bisects below it as below a
 * failure, and the capacity found is a lower bound. Null when no saturated probe bounds the search.
 */
export function saturationCeiling(passed: readonly number[], failed: readonly number[], saturated: readonly number[]): number | null {
  const bracket = bracketOf(passed, failed);
  const above = saturated.filter((clients) => (bracket.low === null || clients > bracket.low) && (bracket.high === null || clients < bracket.high));
  return above.length === 0 ? null : Math.min(...above);
}

/** True when the bracket is narrow enough: its width at most `resolution` of its low end, or adjacent counts. */
export function isResolved(bracket: Bracket, resolution: number): boolean {
  if (bracket.low === null || bracket.high === null) return false;
  return bracket.high - bracket.low <= Math.max(1, resolution * bracket.low);
}

/** The next probe, or why the search is over. */
export function nextStep(bracket: Bracket, settings: SearchSettings): SearchStep {
  const { low, high } = bracket;
  if (low === null && high === null) return { type: 'probe', clients: settings.startClients, phase: 'grow' };
  if (high === null) {
    const passedMax = (low as number) >= settings.maxClients;
    if (passedMax) return { type: 'done', reason: 'max-clients' };
    return {
      type: 'probe',
      clients: Math.min(settings.maxClients, Math.max((low as number) + 1, Math.round((low as number) * settings.growth))),
      phase: 'grow',
    };
  }
  if (low === null) {
    if (high <= 1) return { type: 'done', reason: 'none-passed' };
    return { type: 'probe', clients: Math.max(1, Math.min(high - 1, Math.floor(high / settings.growth))), phase: 'shrink' };
  }
  if (isResolved(bracket, settings.resolution)) return { type: 'done', reason: 'resolved' };
  return { type: 'probe', clients: Math.round((low + high) / 2), phase: 'bisect' };
}

/**
 * How many more probes the search will probably need: exact in bisection (halvings until the
 * width is within the resolution), and while growing one more growth step then that bisection.
 */
export function probesLeft(bracket: Bracket, settings: SearchSettings): number {
  const halvings = (width: number, low: number): number => Math.max(0, Math.ceil(Math.log2(width / Math.max(1, settings.resolution * low))));
  const { low, high } = bracket;
  if (low !== null && high !== null) return halvings(high - low, low);
  if (low === null && high === null) return 2 + halvings(settings.startClients * (settings.growth - 1), settings.startClients);
  if (high === null) {
    const next = Math.min(settings.maxClients, Math.round((low as number) * settings.growth));
    return next <= (low as number) ? 0 : 1 + halvings(next - (low as number), low as number);
  }
  const next = Math.max(1, Math.floor((high as number) / settings.growth));
  return 1 + halvings((high as number) - next, next);
}
