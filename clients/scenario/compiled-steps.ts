/**
 * A scenario's steps compiled once per worker: values as ValuePlans, receive targets as
 * MessageFilters, fan-out rooms as plans; each client runs the same compiled steps.
 */
import type { FanOut, ScenarioStep } from '../../protocol/scenario.js';
import { MessageFilter } from './message-match.js';
import { compileValue, type ValuePlan } from './value-plan.js';

export type CompiledStep =
  | { kind: 'emit'; name: string | null; event: string; args: ValuePlan[]; ack: boolean; timeoutMs: number }
  | { kind: 'send'; name: string | null; data: { text: ValuePlan } | { json: ValuePlan } | { binary: number } }
  | { kind: 'expect'; name: string; filter: MessageFilter; timeoutMs: number }
  | { kind: 'on'; name: string; filter: MessageFilter; timestamp: string[] | null; fanOut: (FanOut & { roomPlan: ValuePlan }) | null }
  | { kind: 'think'; minMs: number; maxMs: number }
  | { kind: 'loop'; count: number | null; durationMs: number | null; ratePerSecond: number | null; steps: CompiledStep[] }
  | { kind: 'wait' };

export function compileSteps(steps: readonly ScenarioStep[]): CompiledStep[] {
  return steps.map((step): CompiledStep => {
    switch (step.kind) {
      case 'emit':
        return { ...step, args: step.args.map(compileValue) };
      case 'send': {
        const { data } = step;
        if ('binary' in data) return { kind: 'send', name: step.name, data };
        return { kind: 'send', name: step.name, data: 'text' in data ? { text: compileValue(data.text) } : { json: compileValue(data.json) } };
      }
      case 'expect':
        return { kind: 'expect', name: step.name, filter: new MessageFilter(step), timeoutMs: step.timeoutMs };
      case 'on':
        return {
          kind: 'on',
          name: step.name,
          filter: new MessageFilter(step),
          timestamp: step.timestamp === null ? null : step.timestamp.split('.'),
          fanOut: step.fanOut === null ? null : { ...step.fanOut, roomPlan: compileValue(step.fanOut.room) },
        };
      case 'think':
        return step;
      case 'loop':
        return { ...step, steps: compileSteps(step.steps) };
      case 'wait':
        return { kind: 'wait' };
    }
  });
}

/** Every on step with a fan-out among `steps`, loops included. */
export function fanOutSteps(steps: readonly CompiledStep[]): Array<Extract<CompiledStep, { kind: 'on' }>> {
  return steps.flatMap((step) => (step.kind === 'on' && step.fanOut !== null ? [step] : step.kind === 'loop' ? fanOutSteps(step.steps) : []));
}
