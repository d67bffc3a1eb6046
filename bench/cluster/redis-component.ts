/** redis-server as a component: a config with no persistence, on a loopback port, in the foreground. */
import type { ComponentSpec } from './external-process.js';
import { redisAnswersPing } from './probes.js';

/** The config text: loopback only, nothing saved (a restart starts empty, as after a crash without persistence). */
export function redisConfig(port: number, runDir: string, maxClients: number): string {
  return [
    `port ${port}`,
    'bind 127.0.0.1',
    'protected-mode no',
    'daemonize no',
    `dir ${runDir}`,
    'save ""',
    'appendonly no',
    `maxclients ${maxClients}`,
    'loglevel notice',
    '',
  ].join('\n');
}

/** The spec of a redis-server on `port`; its log goes to redis.log in the run folder. */
export function redisComponent(port: number, runDir: string, maxClients = 1000): ComponentSpec {
  return {
    name: 'redis',
    binary: 'redis-server',
    aptPackage: 'redis-server',
    configFile: 'redis.conf',
    config: redisConfig(port, runDir, maxClients),
    args: (configPath) => [configPath],
    port,
    answers: redisAnswersPing,
  };
}
