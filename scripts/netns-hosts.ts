/**
 * Hosts on one machine, for tests and measurements across a real network: a target box and some
 * load generators, each in its own network namespace, joined by a bridge in the box's namespace
 * (one box address that every load generator reaches, as a Kubernetes Service gives one name).
 * Needs root and `ip netns`; whyNoNamespaces() says when they cannot be made.
 */
import { spawnSync } from 'node:child_process';

/** The namespaces and addresses made by createHosts. */
export interface NetnsHosts {
  box: string;
  boxAddress: string;
  /** One per load generator, in order. */
  generators: Array<{ namespace: string; address: string }>;
  /** Deletes every namespace (and with them their links); safe to call twice. */
  remove(): void;
}

function ip(args: string[]): { ok: boolean; stderr: string } {
  const result = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: result.status === 0, stderr: (result.stderr ?? result.error?.message ?? '').trim() };
}

function mustIp(args: string[]): void {
  const result = ip(args);
  if (!result.ok) throw new Error(`ip ${args.join(' ')} failed: ${result.stderr}`);
}

/** Null when namespaces can be made here, else why not. */
export function whyNoNamespaces(tag: string): string | null {
  if (process.getuid?.() !== 0) return 'not running as root';
  const probe = `bench-probe-${tag}`;
  const added = ip(['netns', 'add', probe]);
  if (!added.ok) return `\`ip netns add\` failed: ${added.stderr || 'no reason given'}`;
  ip(['netns', 'del', probe]);
  return null;
}

/**
 * A box namespace and `generators` load-generator namespaces named after `tag` (a few digits, so
 * that link names stay within 15 characters), on 10.215.<subnet>.0/24: the box is .1, generator k
 * is .(k + 2).
 */
export function createHosts(tag: string, generators: number, subnet: number): NetnsHosts {
  const box = `bench-box-${tag}`;
  const prefix = `10.215.${subnet}`;
  const hosts: NetnsHosts = {
    box,
    boxAddress: `${prefix}.1`,
    generators: Array.from({ length: generators }, (_, index) => ({ namespace: `bench-gen${index}-${tag}`, address: `${prefix}.${index + 2}` })),
    remove: () => {
      // Deleting a namespace deletes the veth ends inside it, and with them the pairs.
      for (const generator of hosts.generators) ip(['netns', 'del', generator.namespace]);
      ip(['netns', 'del', box]);
    },
  };
  hosts.remove();
  try {
    mustIp(['netns', 'add', box]);
    mustIp(['-n', box, 'link', 'set', 'lo', 'up']);
    mustIp(['-n', box, 'link', 'add', 'br0', 'type', 'bridge']);
    mustIp(['-n', box, 'addr', 'add', `${hosts.boxAddress}/24`, 'dev', 'br0']);
    mustIp(['-n', box, 'link', 'set', 'br0', 'up']);
    hosts.generators.forEach(({ namespace, address }, index) => {
      const boxEnd = `vb${index}-${tag}`;
      const generatorEnd = `vg${index}-${tag}`;
      mustIp(['netns', 'add', namespace]);
      mustIp(['-n', namespace, 'link', 'set', 'lo', 'up']);
      mustIp(['link', 'add', boxEnd, 'type', 'veth', 'peer', 'name', generatorEnd]);
      mustIp(['link', 'set', boxEnd, 'netns', box]);
      mustIp(['link', 'set', generatorEnd, 'netns', namespace]);
      mustIp(['-n', box, 'link', 'set', boxEnd, 'master', 'br0']);
      mustIp(['-n', box, 'link', 'set', boxEnd, 'up']);
      mustIp(['-n', namespace, 'addr', 'add', `${address}/24`, 'dev', generatorEnd]);
      mustIp(['-n', namespace, 'link', 'set', generatorEnd, 'up']);
    });
  } catch (error) {
    hosts.remove();
    throw error;
  }
  return hosts;
}

/** The command prefix that runs a command inside a namespace. */
export function inNamespace(namespace: string): string[] {
  return ['ip', 'netns', 'exec', namespace];
}
