/**
 * A scenario value compiled once per worker: constants stay one shared object, and only the parts
 * with templates are rebuilt for each message (protocol/scenario-templates.ts says what each means).
 */
import type { JsonValue } from '../../protocol/handshake.js';
import { splitTemplate } from '../../protocol/handshake.js';
import { generatedBytes, generatedText, isNumericTemplate, parseScenarioTemplate, type ScenarioTemplate } from '../../protocol/scenario-templates.js';

/** What a message is built for: the client, its message count so far, its token. */
export interface ValueContext {
  client: number;
  seq: number;
  token: string;
}

/** A value as sent: JSON, with Buffers where {{binary N}} was. */
export type SentValue = string | number | boolean | null | Buffer | SentValue[] | { [key: string]: SentValue };

type Part = string | ScenarioTemplate;

/** A compiled value. */
export type ValuePlan =
  { constant: JsonValue } | { text: Part[] } | { whole: ScenarioTemplate } | { array: ValuePlan[] } | { object: Array<[string, ValuePlan]> };

function templateOf(name: string): ScenarioTemplate {
  const template = parseScenarioTemplate(name);
  // The config refuses unknown templates before any worker starts.
  if (template === null) throw new Error(`unknown scenario template {{${name}}}`);
  return template;
}

/** Compiles a value of the scenario file. */
export function compileValue(value: JsonValue): ValuePlan {
  if (typeof value === 'string') {
    const parts = splitTemplate(value);
    if (parts.every((part) => typeof part === 'string')) return { constant: value };
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only !== undefined && typeof only !== 'string') {
      const template = templateOf(only.name);
      if (isNumericTemplate(template) || template.kind === 'binary') return { whole: template };
    }
    return { text: parts.map((part) => (typeof part === 'string' ? part : templateOf(part.name))) };
  }
  if (value === null || typeof value !== 'object') return { constant: value };
  if (Array.isArray(value)) {
    const items = value.map(compileValue);
    return items.every((item) => 'constant' in item) ? { constant: value } : { array: items };
  }
  const entries = Object.entries(value).map(([key, item]): [string, ValuePlan] => [key, compileValue(item)]);
  return entries.every(([, item]) => 'constant' in item) ? { constant: value } : { object: entries };
}

function templateValue(template: ScenarioTemplate, context: ValueContext): string | number | Buffer {
  switch (template.kind) {
    case 'id':
      return context.client;
    case 'idMod':
      return context.client % template.n;
    case 'seq':
      return context.seq;
    case 'now':
      return Date.now();
    case 'token':
      return context.token;
    case 'random':
      return generatedText(context.client, context.seq, template.n);
    case 'binary':
      return generatedBytes(context.client, context.seq, template.n);
  }
}

/** The value of a plan for one message. */
export function expandValue(plan: ValuePlan, context: ValueContext): SentValue {
  if ('constant' in plan) return plan.constant;
  if ('whole' in plan) return templateValue(plan.whole, context);
  if ('text' in plan) {
    let text = '';
    for (const part of plan.text) text += typeof part === 'string' ? part : String(templateValue(part, context));
    return text;
  }
  if ('array' in plan) return plan.array.map((item) => expandValue(item, context));
  const object: { [key: string]: SentValue } = {};
  for (const [key, item] of plan.object) object[key] = expandValue(item, context);
  return object;
}
