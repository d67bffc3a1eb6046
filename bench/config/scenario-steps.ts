/**
 * Turns a scenario file's steps into checked ScenarioSteps: each step's schema by its key, the
 * transport's own steps only, every template known, figure names unique. A problem is thrown as a
 * ScenarioProblem with the path of the field, which scenario-file.ts turns into a line number.
 */
import { z } from 'zod';
import type { JsonValue } from '../../protocol/handshake.js';
import { splitTemplate } from '../../protocol/handshake.js';
import type { ScenarioFigure, ScenarioStep, TimedStepKind } from '../../protocol/scenario.js';
import { parseScenarioTemplate } from '../../protocol/scenario-templates.js';
import type { TransportName } from '../../protocol/transports.js';
import { durationMsOf, STEP_KEYS, STEP_SCHEMAS, type StepKey } from './scenario-schema.js';

/** A path into the file: keys and array indexes. */
export type FieldPath = ReadonlyArray<string | number>;

/** One thing wrong with a scenario file, at a field. */
export class ScenarioProblem extends Error {
  constructor(
    readonly path: FieldPath,
    message: string,
  ) {
    super(message);
  }
}

/** The first issue of a failed zod check, as a ScenarioProblem under `at`. */
export function problemOf(error: z.ZodError, at: FieldPath): ScenarioProblem {
  const issue = error.issues[0] as z.core.$ZodIssue;
  const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
  if (issue.code === 'unrecognized_keys') return new ScenarioProblem([...at, ...path, issue.keys[0] as string], `unknown field "${issue.keys[0]}"`);
  return new ScenarioProblem([...at, ...path], issue.message);
}

/** What the steps are checked against. */
export interface StepContext {
  transport: TransportName;
  defaultTimeoutMs: number;
}

/** What checking the steps collects beyond the steps: the figures, and whether {{token}} is used. */
export class StepCollector {
  readonly figures: ScenarioFigure[] = [];
  usesToken = false;
  private readonly stepOfFigure = new Map<string, FieldPath>();
  /** Steps a fanOut names as its `from`, checked once every step is known. */
  readonly fanOutSources: Array<{ from: string; at: FieldPath }> = [];
  readonly sendingFigures = new Set<string>();

  constructor(readonly context: StepContext) {}

  addFigure(name: string, kind: TimedStepKind, at: FieldPath, explicit: boolean): void {
    if (this.stepOfFigure.has(name)) {
      const hint = explicit ? 'give each step its own name' : `give this step a name: (two steps would both be "${name}")`;
      throw new ScenarioProblem(at, `the step name "${name}" is already used by another step: ${hint}`);
    }
    this.stepOfFigure.set(name, at);
    this.figures.push({ name, kind });
  }

  /** Every fanOut's `from` names a step that sends. */
  checkFanOutSources(): void {
    for (const { from, at } of this.fanOutSources) {
      if (!this.sendingFigures.has(from)) throw new ScenarioProblem(at, `fanOut.from "${from}" names no named emit or send step`);
    }
  }
}

/** A step name from an event: its characters outside [A-Za-z0-9_-] become -. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'message';
}

/** Checks every template in a value; `binaryAllowed`: a value may be binary (Socket.IO arguments). */
function checkValue(value: JsonValue, at: FieldPath, collector: StepCollector, binaryAllowed: boolean): void {
  if (typeof value === 'string') {
    const parts = splitTemplate(value);
    for (const part of parts) {
      if (typeof part === 'string') continue;
      const template = parseScenarioTemplate(part.name);
      if (template === null) {
        throw new ScenarioProblem(
          at,
          `unknown template {{${part.name}}}: use {{id}}, {{id % N}}, {{seq}}, {{now}}, {{token}}, {{random N}} or {{binary N}} (N from 1 to 1048576)`,
        );
      }
      if (template.kind === 'token') collector.usesToken = true;
      if (template.kind === 'binary' && (parts.length > 1 || !binaryAllowed)) {
        throw new ScenarioProblem(
          at,
          binaryAllowed ? '{{binary N}} must be the whole value, not part of a text' : '{{binary N}} cannot go into a text message: use send: { binary: N }',
        );
      }
    }
    return;
  }
  if (Array.isArray(value)) value.forEach((item, index) => checkValue(item, [...at, index], collector, binaryAllowed));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) checkValue(item, [...at, key], collector, binaryAllowed);
}

/** Events socket.io-client keeps for itself: emitting one throws in the client. */
const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

/** A fan-out's room is the client's for the whole run: only {{id}} and {{id % N}} may shape it. */
function checkRoom(room: string, at: FieldPath): void {
  for (const part of splitTemplate(room)) {
    if (typeof part === 'string') continue;
    const template = parseScenarioTemplate(part.name);
    if (template !== null && template.kind !== 'id' && template.kind !== 'idMod')
      throw new ScenarioProblem(at, `a room is the same for every message of a client: use {{id}} or {{id % N}}, not {{${part.name}}}`);
  }
}

function checkPattern(pattern: string | undefined, at: FieldPath): string | null {
  if (pattern === undefined) return null;
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new ScenarioProblem(at, `not a regular expression: ${(error as Error).message}`);
  }
  return pattern;
}

function socketioOnly(context: StepContext, what: string, at: FieldPath): void {
  if (context.transport !== 'socketio')
    throw new ScenarioProblem(at, `${what} is a Socket.IO step; --transport ${context.transport} sends and receives plain messages: use send and expect`);
}

/** The step key of a step object, or a problem when it has none or several. */
function keyOf(step: unknown, at: FieldPath): StepKey {
  if (step === null || typeof step !== 'object' || Array.isArray(step))
    throw new ScenarioProblem(at, `a step is an object with one of ${STEP_KEYS.join(', ')}`);
  const keys = STEP_KEYS.filter((key) => key in step);
  if (keys.length === 1) return keys[0] as StepKey;
  if (keys.length > 1) throw new ScenarioProblem(at, `a step has one of ${STEP_KEYS.join(', ')}, not ${keys.join(' and ')}: split it into steps`);
  const first = Object.keys(step)[0];
  throw new ScenarioProblem(
    first === undefined ? at : [...at, first],
    `unknown step${first === undefined ? '' : ` "${first}"`}: use one of ${STEP_KEYS.join(', ')}`,
  );
}

type Parsed<K extends StepKey> = z.infer<(typeof STEP_SCHEMAS)[K]>;

function parseStep<K extends StepKey>(key: K, step: unknown, at: FieldPath): Parsed<K> {
  const result = STEP_SCHEMAS[key].safeParse(step);
  if (!result.success) throw problemOf(result.error, at);
  return result.data as Parsed<K>;
}

/** The event, fields and pattern of an expect or on step. */
function receiveTargetOf(
  target: Parsed<'expect'>['expect'],
  at: FieldPath,
  context: StepContext,
): { event: string | null; match: Record<string, JsonValue> | null; pattern: string | null } {
  const spec = typeof target === 'string' ? { event: target } : target;
  if (spec.event !== undefined) socketioOnly(context, 'an event name', typeof target === 'string' ? at : [...at, 'event']);
  else if (context.transport === 'socketio') throw new ScenarioProblem(at, 'a Socket.IO expect or on names its event: give event');
  return { event: spec.event ?? null, match: spec.match ?? null, pattern: checkPattern(spec.pattern, [...at, 'pattern']) };
}

function checkStep(step: unknown, at: FieldPath, collector: StepCollector): ScenarioStep {
  const { context } = collector;
  const key = keyOf(step, at);
  switch (key) {
    case 'emit': {
      const parsed = parseStep('emit', step, at);
      socketioOnly(context, 'emit', [...at, 'emit']);
      if (RESERVED_EVENTS.has(parsed.emit))
        throw new ScenarioProblem([...at, 'emit'], `"${parsed.emit}" is reserved by Socket.IO and cannot be emitted: name the app's own event`);
      const args = parsed.args ?? [];
      checkValue(args, [...at, 'args'], collector, true);
      const ack = parsed.ack ?? false;
      const name = parsed.name ?? (ack ? slug(parsed.emit) : null);
      if (name !== null) {
        collector.addFigure(name, 'emit', at, parsed.name !== undefined);
        collector.sendingFigures.add(name);
      }
      const timeoutMs = parsed.timeout === undefined ? context.defaultTimeoutMs : durationMsOf(parsed.timeout);
      return { kind: 'emit', name, event: parsed.emit, args, ack, timeoutMs };
    }
    case 'send': {
      const parsed = parseStep('send', step, at);
      if (context.transport === 'socketio') throw new ScenarioProblem([...at, 'send'], 'send is for ws and SockJS; Socket.IO clients emit events: use emit');
      const data = typeof parsed.send === 'string' ? { text: parsed.send } : parsed.send;
      if ('binary' in data && context.transport === 'sockjs')
        throw new ScenarioProblem([...at, 'send', 'binary'], 'SockJS carries text only: send text or json');
      if ('text' in data) checkValue(data.text, [...at, 'send'], collector, false);
      if ('json' in data) checkValue(data.json, [...at, 'send', 'json'], collector, false);
      const name = parsed.name ?? null;
      if (name !== null) {
        collector.addFigure(name, 'send', at, true);
        collector.sendingFigures.add(name);
      }
      return { kind: 'send', name, data };
    }
    case 'expect': {
      const parsed = parseStep('expect', step, at);
      const target = receiveTargetOf(parsed.expect, [...at, 'expect'], context);
      const name = parsed.name ?? `expect-${slug(target.event ?? 'message')}`;
      collector.addFigure(name, 'expect', at, parsed.name !== undefined);
      const timeoutMs = parsed.timeout === undefined ? context.defaultTimeoutMs : durationMsOf(parsed.timeout);
      return { kind: 'expect', name, ...target, timeoutMs };
    }
    case 'on': {
      const parsed = parseStep('on', step, at);
      const target = receiveTargetOf(parsed.on, [...at, 'on'], context);
      const name = parsed.name ?? `on-${slug(target.event ?? 'message')}`;
      collector.addFigure(name, 'on', at, parsed.name !== undefined);
      const fanOut = parsed.fanOut === undefined ? null : { from: parsed.fanOut.from, room: parsed.fanOut.room, self: parsed.fanOut.self ?? false };
      if (fanOut !== null) {
        checkRoom(fanOut.room, [...at, 'fanOut', 'room']);
        checkValue(fanOut.room, [...at, 'fanOut', 'room'], collector, false);
        collector.fanOutSources.push({ from: fanOut.from, at: [...at, 'fanOut', 'from'] });
      }
      return { kind: 'on', name, ...target, timestamp: parsed.timestamp ?? null, fanOut };
    }
    case 'think': {
      const parsed = parseStep('think', step, at);
      const [min, max] = Array.isArray(parsed.think) ? parsed.think.map(durationMsOf) : [durationMsOf(parsed.think), durationMsOf(parsed.think)];
      if ((max as number) < (min as number)) throw new ScenarioProblem([...at, 'think'], 'a think range is [shortest, longest]: the second is shorter');
      return { kind: 'think', minMs: min as number, maxMs: max as number };
    }
    case 'loop': {
      const { loop } = parseStep('loop', step, at);
      if ((loop.count === undefined) === (loop.duration === undefined))
        throw new ScenarioProblem([...at, 'loop'], 'a loop runs for a count or a duration: give one of them');
      const steps = loop.steps.map((inner, index) => checkStep(inner, [...at, 'loop', 'steps', index], collector));
      const durationMs = loop.duration === undefined ? null : durationMsOf(loop.duration);
      return { kind: 'loop', count: loop.count ?? null, durationMs, ratePerSecond: loop.rate ?? null, steps };
    }
    case 'wait':
      parseStep('wait', step, at);
      return { kind: 'wait', for: 'ramp' };
  }
}

/** Checks a list of steps (a group's, or the file's own) at `at`. */
export function checkSteps(steps: readonly unknown[], at: FieldPath, collector: StepCollector): ScenarioStep[] {
  return steps.map((step, index) => checkStep(step, [...at, index], collector));
}
