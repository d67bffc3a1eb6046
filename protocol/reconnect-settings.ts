/**
 * How a client whose connection drops reconnects, and the back-off between its attempts: the
 * formula of Socket.IO's client (engine.io/socket.io-client `Backoff`), written again here so the
 * ws and sockjs drivers wait exactly as a Socket.IO Manager does.
 */

/** Back-off settings; the defaults are Socket.IO's (reconnectionDelay, reconnectionDelayMax, randomizationFactor). */
export interface ReconnectSettings {
  /** Wait before the first attempt, doubled for each further one; 0: retry at once, no back-off. In ms. */
  delayMs: number;
  /** The wait never exceeds this, in ms. */
  delayMaxMs: number;
  /** Jitter: each wait moves up or down by up to this share of itself, from 0 to 1. */
  randomizationFactor: number;
}

export const RECONNECT_DEFAULTS: ReconnectSettings = { delayMs: 1000, delayMaxMs: 5000, randomizationFactor: 0.5 };

/** The growth of the wait per attempt (Socket.IO's Backoff factor). */
const BACKOFF_FACTOR = 2;

/**
 * The wait before attempt `attempt` (0 for the first after a drop), in whole ms. One random draw
 * decides both the size of the deviation and, by the parity of its first decimal digit, its sign.
 */
export function backoffDelayMs(settings: ReconnectSettings, attempt: number, random: () => number = Math.random): number {
  // No back-off at all; also keeps 0 x 2^attempt from turning into NaN after a thousand attempts.
  if (settings.delayMs === 0) return 0;
  let delayMs = settings.delayMs * BACKOFF_FACTOR ** attempt;
  if (settings.randomizationFactor > 0 && settings.randomizationFactor <= 1) {
    const draw = random();
    const deviation = Math.floor(draw * settings.randomizationFactor * delayMs);
    delayMs = Math.floor(draw * 10) % 2 === 0 ? delayMs - deviation : delayMs + deviation;
  }
  // Socket.IO truncates with `| 0`; Math.trunc keeps the same value for the delays that fit.
  return Math.trunc(Math.min(delayMs, settings.delayMaxMs));
}
