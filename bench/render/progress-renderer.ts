/** Progress on stderr: redrawn in place on a terminal, a plain line every few seconds otherwise. */
import type { RunEvent } from '../run/run-events.js';

const PLAIN_LINE_EVERY_MS = 5000;

/** Renders engine events; returns a handler and a function that ends the progress line. */
export function createProgressRenderer(stream: NodeJS.WriteStream, quiet: boolean): { onEvent(event: RunEvent): void; finish(): void } {
  const tty = stream.isTTY === true;
  let lastPlainLine = 0;
  let lineOpen = false;
  const clearLine = (): void => {
    if (lineOpen) {
      stream.write('\r\x1b[2K');
      lineOpen = false;
    }
  };
  return {
    onEvent(event) {
      if (event.type === 'notice') {
        clearLine();
        stream.write(`note: ${event.message}\n`);
        return;
      }
      if (quiet || event.type !== 'progress') return;
      const elapsed = `${(event.elapsedMs / 1000).toFixed(1)} s`;
      const holdLeft = event.holdRemainingMs === null ? '' : `, hold ${(event.holdRemainingMs / 1000).toFixed(1)} s left`;
      // A scenario's hold lasts until its clients ran their steps, past --hold when they take longer.
      const hold = event.stepsRunning && event.holdRemainingMs === 0 ? ", waiting for the clients' steps" : holdLeft;
      const left = event.left ? `, left ${event.left}` : '';
      const text = `${event.phase}: connected ${event.succeeded}/${event.clients}, failed ${event.failed}${left}, elapsed ${elapsed}${hold}`;
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
        lineOpen = true;
      } else if (event.elapsedMs - lastPlainLine >= PLAIN_LINE_EVERY_MS) {
        lastPlainLine = event.elapsedMs;
        stream.write(`${text}\n`);
      }
    },
    finish: clearLine,
  };
}
