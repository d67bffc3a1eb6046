/**
 * --scenario <file>: reads a YAML or JSON scenario, checks it against the schema and the run, and
 * returns the Scenario the workers run. Every problem is one line naming the file, the line and
 * the field (exit 2), before anything starts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../errors.js';
import type { ArrivalPhase, Scenario, ScenarioGroup } from '../../protocol/scenario.js';
import type { TransportName } from '../../protocol/transports.js';
import type { StackName } from '../../protocol/stacks.js';
import { isLegacySocketioClient, socketioClientLabel } from '../../protocol/stack-traits.js';
import type { ClientKind } from '../../protocol/client-kinds.js';
import { arrivalsOf } from '../../protocol/arrival-phases.js';
import { durationMsOf, scenarioFileSchema, type PhaseInput } from './scenario-schema.js';
import { checkSteps, problemOf, ScenarioProblem, StepCollector, type FieldPath } from './scenario-steps.js';

/** A step that waits (emit with ack, expect) gives up after this long unless the file says otherwise. */
export const DEFAULT_STEP_TIMEOUT_MS = 10_000;

/** What a scenario is checked against. */
export interface ScenarioContext {
  transport: TransportName;
  stack: StackName;
  /** The wire client hears every event on any stack; socket.io-client 2.3 cannot. */
  client: ClientKind;
}

/** `groups[0].steps[2].ack` */
function pathText(at: FieldPath): string {
  return at.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** The line of a field: its key's where it has one (an unknown field), else its value's; a missing field's nearest parent's. */
function lineOf(document: Document, lines: LineCounter, at: FieldPath): number | null {
  for (let depth = at.length; depth > 0; depth -= 1) {
    const parent = depth === 1 ? document.contents : document.getIn(at.slice(0, depth - 1), true);
    const last = at[depth - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
    } else if (isSeq(parent) && typeof last === 'number') {
      const range = (parent.items[last] as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
  }
  const range = (document.contents as { range?: [number, number, number] } | null)?.range;
  return range ? lines.linePos(range[0]).line : null;
}

function phasesOf(inputs: readonly PhaseInput[]): ArrivalPhase[] {
  let arrived = 0;
  let left = 0;
  return inputs.map((input, index): ArrivalPhase => {
    const at = ['phases', index];
    const durationMs = durationMsOf(input.duration);
    if (input.rampTo !== undefined && input.arrivalRate === undefined)
      throw new ScenarioProblem([...at, 'rampTo'], 'rampTo needs arrivalRate: the rate the ramp starts from');
    if (input.leave !== undefined && input.arrivalRate !== undefined)
      throw new ScenarioProblem([...at, 'leave'], 'a phase has clients arrive or leave, not both: split it');
    const arrivalRate = input.arrivalRate ?? 0;
    const rampTo = input.rampTo ?? arrivalRate;
    const present = arrived - left;
    const leave = input.leave === 'all' ? present : (input.leave ?? 0);
    if (leave > present) throw new ScenarioProblem([...at, 'leave'], `${leave} clients cannot leave: only ${present} will have arrived and not left by then`);
    arrived += arrivalsOf({ arrivalRate, rampTo, durationMs });
    left += leave;
    return { name: input.name ?? `phase-${index + 1}`, durationMs, arrivalRate, rampTo, leave };
  });
}

function scenarioOf(file: string, raw: unknown, context: ScenarioContext): Scenario {
  const parsed = scenarioFileSchema.safeParse(raw);
  if (!parsed.success) throw problemOf(parsed.error, []);
  const input = parsed.data;
  if ((input.steps === undefined) === (input.groups === undefined)) {
    throw new ScenarioProblem([], 'a scenario gives its clients steps, or groups of clients with their own steps: give steps or groups');
  }
  if (context.transport === 'socketio' && context.client === 'library' && isLegacySocketioClient(context.stack)) {
    throw new ScenarioProblem(
      [],
      `a Socket.IO scenario listens to every event (socket.onAny), which ${socketioClientLabel(context.stack)} lacks: use --stack current or --client wire`,
    );
  }
  const defaultTimeoutMs = input.timeout === undefined ? DEFAULT_STEP_TIMEOUT_MS : durationMsOf(input.timeout);
  const collector = new StepCollector({ transport: context.transport, defaultTimeoutMs });
  const groups: ScenarioGroup[] =
    input.groups === undefined
      ? [{ name: 'all', weight: 1, steps: checkSteps(input.steps ?? [], ['steps'], collector) }]
      : input.groups.map((group, index) => ({
          name: group.name,
          weight: group.weight ?? 1,
          steps: checkSteps(group.steps, ['groups', index, 'steps'], collector),
        }));
  const names = new Set<string>();
  input.groups?.forEach((group, index) => {
    if (names.has(group.name)) throw new ScenarioProblem(['groups', index, 'name'], `the group name "${group.name}" is used twice`);
    names.add(group.name);
  });
  collector.checkFanOutSources();
  const phases = input.phases === undefined ? null : phasesOf(input.phases);
  if (phases !== null && phases.every((phase) => arrivalsOf(phase) === 0))
    throw new ScenarioProblem(['phases'], 'no phase brings a client: give one an arrivalRate');
  return { file, name: input.name ?? null, groups, phases, figures: collector.figures, usesToken: collector.usesToken };
}

/** Reads and checks the scenario file `given` (as typed: relative to the working directory). */
export function readScenario(given: string, context: ScenarioContext): Scenario {
  const file = path.resolve(given);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `--scenario ${given}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the path of a YAML or JSON scenario`,
    );
  }
  const lines = new LineCounter();
  // JSON is YAML 1.2, so one parser reads both and knows where each field is.
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    const line = lines.linePos(syntax.pos[0]).line;
    throw new ConfigError(`--scenario ${given}:${line}: not valid YAML or JSON: ${syntax.message.split('\n')[0]}`);
  }
  try {
    return scenarioOf(file, document.toJS(), context);
  } catch (error) {
    if (!(error instanceof ScenarioProblem)) throw error;
    const line = lineOf(document, lines, error.path);
    const where = error.path.length === 0 ? '' : ` ${pathText(error.path)}:`;
    throw new ConfigError(`--scenario ${given}${line === null ? '' : `:${line}`}:${where} ${error.message}`);
  }
}
