/** nats-server as a component: loopback only, no persistence (core NATS keeps no messages), in the foreground. */
import type { ComponentSpec } from './external-process.js';
import { natsSaysInfo } from './probes.js';

/** The config text: the listen address and a connection limit with room for every node. */
export function natsConfig(port: number, maxConnections: number): string {
  return [`listen: "127.0.0.1:${port}"`, `max_connections: ${maxConnections}`, ''].join('\n');
}

/** The spec of a nats-server on `port`; its log goes to nats.log in the run folder. */
export function natsComponent(port: number, maxConnections = 1000): ComponentSpec {
  return {
    name: 'nats',
    binary: 'nats-server',
    aptPackage: 'nats-server',
    configFile: 'nats.conf',
    config: natsConfig(port, maxConnections),
    args: (configPath) => ['-c', configPath],
    port,
    answers: natsSaysInfo,
  };
}
