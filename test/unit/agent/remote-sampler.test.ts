/** Box samples aligned to the workstation's timeline and labelled with its phases. */
import { describe, expect, it } from 'vitest';
import type { StreamSample } from '../../../bench/agent/agent-protocol.js';
import { alignSample, phaseAt, RemoteSampler, type PhaseChange } from '../../../bench/agent/remote-sampler.js';
import type { SampleRow } from '../../../bench/results/file-rows.js';

function sample(seq: number, atMs: number): StreamSample {
  return { type: 'sample', seq, atMs, connections: seq, rssBytes: 1000 + seq, heapUsedBytes: 10, cpuPercent: 1 };
}

describe('alignment of box samples to the workstation timeline', () => {
  const offsetMs = 3_600_000;
  const timeline = { offsetMs, listenedAtBoxMs: 10_000 + offsetMs };
  const changes: PhaseChange[] = [
    { atMs: 10_500, phase: 'ramp' },
    { atMs: 11_000, phase: 'hold' },
  ];

  it('gives each sample the phase in force when it was taken, not when it arrived', () => {
    expect(phaseAt(changes, 10_499)).toBe('baseline');
    expect(phaseAt(changes, 10_500)).toBe('ramp');
    expect(phaseAt(changes, 12_000)).toBe('hold');
    // Taken at workstation 10_990 (ramp), arrived at 11_050 (hold).
    const row = alignSample(sample(3, 10_990 + offsetMs), timeline, changes, 11_050);
    expect(row.phase).toBe('ramp');
    expect(row.tMs).toBe(990);
    expect(row.rssBytes).toBe(1003);
  });

  it('never places a sample after its arrival', () => {
    const row = alignSample(sample(4, 11_500 + offsetMs), timeline, changes, 10_900);
    expect(row.tMs).toBe(900);
    expect(row.phase).toBe('ramp');
  });

  it('RemoteSampler keeps each sample once, in order, and sampleNow waits for the requested one', async () => {
    const written: SampleRow[] = [];
    let onRequest: () => void = () => undefined;
    const sampler = new RemoteSampler(
      { offsetMs: 0, listenedAtBoxMs: 0 },
      (row) => written.push(row),
      async () => {
        onRequest();
        return 2;
      },
    );
    sampler.receive(sample(0, 1));
    onRequest = () => setTimeout(() => sampler.receive(sample(2, 3)), 20);
    const waited = sampler.sampleNow();
    sampler.receive(sample(1, 2));
    sampler.receive(sample(1, 2));
    await waited;
    expect(sampler.samples().map((row) => row.rssBytes)).toEqual([1000, 1001, 1002]);
    expect(written).toHaveLength(3);
    await sampler.stop();
    sampler.receive(sample(3, 4));
    expect(sampler.samples()).toHaveLength(3);
  });
});
