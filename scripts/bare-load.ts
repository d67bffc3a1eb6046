/**
 * The footprint's floor: the same work as `bench run --rate R --clients N --hold H` done by the bare
 * client library in one process, with nothing recorded. What bench costs above this is the harness.
 *
 *   node dist/scripts/bare-load.js <transport> <url> <clients> <rate> <hold-seconds>
 */
import { isTransportName } from '../protocol/transports.js';
import { BARE_CLIENT_OPENERS, type BareClient } from '../bench/selftest/bare-clients.js';

const [transport = '', url = '', clientsText = '', rateText = '', holdText = ''] = process.argv.slice(2);
if (!isTransportName(transport)) throw new Error(`bare-load: unknown transport "${transport}"`);
const clients = Number(clientsText);
const intervalMs = 1000 / Number(rateText);
const open = await BARE_CLIENT_OPENERS[transport]('current');

const held: Array<Promise<BareClient | null>> = [];
const start = performance.now();
for (let index = 0; index < clients; index += 1) {
  const wait = start + index * intervalMs - performance.now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  held.push(
    open(url)
      .then(async (client) => {
        await client.echo('0:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');
        return client;
      })
      .catch(() => null),
  );
}
const opened = await Promise.all(held);
await new Promise((resolve) => setTimeout(resolve, Number(holdText) * 1000));
for (const client of opened) client?.close();
const failed = opened.filter((client) => client === null).length;
if (failed > 0) process.stderr.write(`bare-load: ${failed} of ${clients} clients failed\n`);
process.exit(failed > 0 ? 1 : 0);
