/** Child process: measures the memory of bare clients of one transport in a fresh process and sends it to its parent. */
import { isTransportName } from '../../protocol/transports.js';
import { bareClientBytesPerConnection } from './bare-clients.js';

// Ctrl-C reaches the whole process group; the selftest decides when this measure stops.
process.on('SIGINT', () => undefined);
const [transport = '', stack = '', url = '', count = '', concurrency = ''] = process.argv.slice(2);
if (!isTransportName(transport)) throw new Error(`unknown transport "${transport}"`);
if (stack.length === 0) throw new Error('no stack given');
const bytesPerConnection = await bareClientBytesPerConnection(transport, stack, url, Number(count), Number(concurrency));
process.send?.({ bytesPerConnection }, () => process.exit(0));
