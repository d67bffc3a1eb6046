/**
 * deploy/kubernetes/ against the Kubernetes API schema (kubernetes-models validates each object
 * with the API's JSON schemas), and the few facts that tie the manifests together.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/cli.js';
import { SHARD_COUNT_ENV } from '../../../bench/config/shard-config.js';
import { resolveRunConfig, type RunOptionsInput } from '../../../bench/config/run-config.js';

const DEPLOY_DIR = path.join(PROJECT_ROOT, 'deploy', 'kubernetes');

/** A manifest object: what every Kubernetes object has, and the rest unchecked until validated. */
type Manifest = { apiVersion: string; kind: string; metadata: { name: string } } & Record<string, unknown>;

/** The schema-checked model of each kind the manifests use; validate() throws on what the API would refuse. */
const MODELS: Record<string, (object: Manifest) => { validate(): void }> = {
  'v1/ConfigMap': (object) => new ConfigMap(object as never),
  'v1/Service': (object) => new Service(object as never),
  'apps/v1/Deployment': (object) => new Deployment(object as never),
  'batch/v1/Job': (object) => new Job(object as never),
};

/** Throws, naming the object, when the API schema refuses it. */
function validate(object: Manifest): void {
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!model) throw new Error(`${object.kind} ${object.metadata.name}: no schema for ${object.apiVersion}/${object.kind} in this test`);
  model(object).validate();
}

function loadManifests(): Manifest[] {
  return readdirSync(DEPLOY_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .flatMap((name) =>
      parseAllDocuments(readFileSync(path.join(DEPLOY_DIR, name), 'utf8')).map((document) => {
        expect(document.errors, name).toEqual([]);
        return document.toJS() as Manifest;
      }),
    );
}

function find(manifests: Manifest[], kind: string): Manifest {
  const found = manifests.find((object) => object.kind === kind);
  if (!found) throw new Error(`no ${kind} in ${DEPLOY_DIR}`);
  return found;
}

describe('deploy/kubernetes', () => {
  const manifests = loadManifests();

  it('holds a ConfigMap, an Indexed Job, a Deployment and a Service, each valid against the Kubernetes API schema', () => {
    expect(manifests.map((object) => object.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Job', 'Service']);
    for (const object of manifests) expect(() => validate(object), `${object.kind} ${object.metadata.name}`).not.toThrow();
  });

  it('refuses a broken manifest: the validation can fail', () => {
    const job = structuredClone(find(manifests, 'Job')) as Manifest & { spec: Record<string, unknown> };
    job.spec.completions = 'three';
    expect(() => validate(job)).toThrow(/completions/);
    const deployment = structuredClone(find(manifests, 'Deployment')) as Manifest & { spec: Record<string, unknown> };
    delete deployment.spec.selector;
    expect(() => validate(deployment)).toThrow(/selector/);
  });

  it('runs as many shards as the ConfigMap says, as an Indexed Job, against the Service of the agent', () => {
    const config = find(manifests, 'ConfigMap') as Manifest & { data: Record<string, string> };
    const job = find(manifests, 'Job') as Manifest & { spec: { completionMode: string; completions: number; parallelism: number } };
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(Number(config.data[SHARD_COUNT_ENV]));
    expect(job.spec.parallelism).toBe(job.spec.completions);
    const service = find(manifests, 'Service') as Manifest & { spec: { selector: Record<string, string>; ports: Array<{ port: number }> } };
    const deployment = find(manifests, 'Deployment') as Manifest & { spec: { template: { metadata: { labels: Record<string, string> } } } };
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    const agent = new URL(config.data.BENCH_AGENT as string);
    expect([agent.hostname, Number(agent.port)]).toEqual([service.metadata.name, service.spec.ports[0]?.port]);
  });

  it("gives the shards a bench run command line that bench accepts, with the ConfigMap's values", () => {
    const config = find(manifests, 'ConfigMap') as Manifest & { data: Record<string, string> };
    const job = find(manifests, 'Job') as Manifest & { spec: { template: { spec: { containers: Array<{ args: string[]; env: Array<{ name: string }> }> } } } };
    // The token reaches bench from the Secret, as BENCH_AGENT_TOKEN.
    expect(job.spec.template.spec.containers[0]?.env.map((variable) => variable.name)).toContain('BENCH_AGENT_TOKEN');
    const script = job.spec.template.spec.containers[0]?.args[0] ?? '';
    const command = /cli\.js run ([^;]*);/.exec(script)?.[1] ?? '';
    const values: Record<string, string> = { ...config.data, BENCH_START_AT: '2030-01-01T00:00:00Z' };
    const words = command.trim().split(/\s+/).map((word) => word.replace(/^"\$(\w+)"$/, (_, name: string) => values[name] ?? `unset ${name}`));
    const input: Record<string, string> = {};
    for (let index = 0; index < words.length; index += 2) {
      const flag = words[index] as string;
      expect(flag).toMatch(/^--[a-z-]+$/);
      input[flag.slice(2).replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())] = words[index + 1] as string;
    }
    const before = process.env.BENCH_AGENT_TOKEN;
    process.env.BENCH_AGENT_TOKEN = 'a-token-of-the-secret-for-this-test';
    let resolved;
    try {
      resolved = resolveRunConfig({ ...(input as RunOptionsInput), shard: `0/${config.data[SHARD_COUNT_ENV]}` });
    } finally {
      if (before === undefined) delete process.env.BENCH_AGENT_TOKEN;
      else process.env.BENCH_AGENT_TOKEN = before;
    }
    expect(resolved.agent?.url).toBe(config.data.BENCH_AGENT);
    expect(resolved.clients).toBe(Number(config.data.BENCH_CLIENTS));
  });
});
