/** Child process: measures the memory of bare clients of one transport in a fresh process and sends it to its parent. */
import { isTransportName } from '../../protocol/transports.js';
import { STACK_NAMES, type StackName } from '../../protocol/stacks.js';
import { bareClientBytesPerConnection } from './bare-clients.js';

// Ctrl-C reaches the whole process group; the selftest decides when this measure stops.
process.on('SIGINT', () => undefined);
const [transport = '', stack = '', url = '', count = '', concurrency = ''] = process.argv.slice(2);
if (!isTransportName(transport)) throw new Error(`unknown transport "${transport}"`);
if (!(STACK_NAMES as readonly string[]).includes(stack)) throw new Error(`unknown stack "${stack}"`);
const bytesPerConnection = await bareClientBytesPerConnection(transport, stack as StackName, url, Number(count), Number(concurrency));
process.send?.({ bytesPerConnection }, () => process.exit(0));
