/** Child process: measures the memory of bare clients of one transport in a fresh process and sends it to its parent. */
import { isTransportName } from '../../protocol/transports.js';
import { bareClientBytesPerConnection } from './bare-clients.js';

const [transport = '', url = '', count = '', concurrency = ''] = process.argv.slice(2);
if (!isTransportName(transport)) throw new Error(`unknown transport "${transport}"`);
const bytesPerConnection = await bareClientBytesPerConnection(transport, url, Number(count), Number(concurrency));
process.send?.({ bytesPerConnection }, () => process.exit(0));
