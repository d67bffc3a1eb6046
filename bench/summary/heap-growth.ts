/**
 * --heap-snapshots: what grew between the server's two heap snapshots, by constructor, as the
 * comparison view of Chrome's DevTools counts it: objects and their own (shallow) size per
 * constructor in each snapshot, the objects of the second that the first did not have (V8 keeps
 * an object's id across snapshots of one process), and what holds most of those new objects.
 * The .heapsnapshot format is V8's: flat arrays of nodes and edges described by snapshot.meta.
 */
import { readFileSync } from 'node:fs';

/** The parts of a .heapsnapshot file read here. */
interface HeapSnapshotFile {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] };
    node_count: number;
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** One constructor's objects in both snapshots. */
export interface ConstructorGrowth {
  /** The constructor's name; objects without one as DevTools groups them: (array), (string), (closure), (code), ... */
  constructor: string;
  countBefore: number;
  countAfter: number;
  /** Own (shallow) size of its objects, in bytes. */
  sizeBeforeBytes: number;
  sizeAfterBytes: number;
  /** Objects in the second snapshot that were not in the first. */
  newObjects: number;
  /** What holds most of the new objects' bytes, as `holder constructor.property` (`[]` for an array element); null when none was found. */
  topRetainer: string | null;
  /** How many of the new objects that retainer holds (one reference each). */
  topRetainerHolds: number;
  /**
   * The top retainer, then what holds most of those holders' bytes, and so on (at most 4 steps): the
   * path from the new objects towards a root, e.g. `Array.elements`, `PlantedLeak.held`,
   * `Array.[]` for the numbers that a PlantedLeak keeps in an array, kept in a list.
   */
  retainerChain: string[];
}

/** summary.heapGrowth. */
export interface HeapGrowth {
  /** The two snapshots: their file in the run folder, when they were asked for (after the hold began) and how long the server stopped to write each. */
  snapshots: Array<{ file: string; atSeconds: number; writeMs: number; objects: number; bytes: number }>;
  /** The constructors whose own size grew most, largest first (at most 10). */
  grown: ConstructorGrowth[];
  /** Why there is no comparison (a snapshot failed, the run ended first); null when there is one. */
  error: string | null;
}

/** One snapshot, reduced to what the comparison needs. */
interface ReadSnapshot {
  /** Per node: its group's index in `groups`. */
  groupOf: Int32Array;
  groups: string[];
  ids: Float64Array;
  selfSizes: Float64Array;
  file: HeapSnapshotFile;
  bytes: number;
}

const TOP = 10;

/** DevTools' grouping: objects by constructor, the rest by type, every kind of string as (string). */
function groupName(type: string, name: string | undefined): string {
  if (type === 'object' || type === 'native') return name ?? '(unknown)';
  if (type === 'concatenated string' || type === 'sliced string') return '(string)';
  return `(${type})`;
}

function readSnapshot(path: string): ReadSnapshot {
  const file = JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshotFile;
  const fields = file.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const idAt = fields.indexOf('id');
  const sizeAt = fields.indexOf('self_size');
  const types = file.snapshot.meta.node_types[0];
  const count = file.nodes.length / width;
  const groupIndex = new Map<string, number>();
  const groups: string[] = [];
  const groupOf = new Int32Array(count);
  const ids = new Float64Array(count);
  const selfSizes = new Float64Array(count);
  let bytes = 0;
  for (let node = 0; node < count; node += 1) {
    const base = node * width;
    const type = types[file.nodes[base + typeAt] as number] ?? 'unknown';
    const group = groupName(type, file.strings[file.nodes[base + nameAt] as number]);
    let index = groupIndex.get(group);
    if (index === undefined) {
      index = groups.length;
      groups.push(group);
      groupIndex.set(group, index);
    }
    groupOf[node] = index;
    ids[node] = file.nodes[base + idAt] as number;
    selfSizes[node] = file.nodes[base + sizeAt] as number;
    bytes += selfSizes[node] as number;
  }
  return { groupOf, groups, ids, selfSizes, file, bytes };
}

function totalsByGroup(snapshot: ReadSnapshot, mark?: Uint8Array): Map<string, { count: number; size: number; fresh: number }> {
  const totals = new Map<string, { count: number; size: number; fresh: number }>();
  for (let node = 0; node < snapshot.groupOf.length; node += 1) {
    const group = snapshot.groups[snapshot.groupOf[node] as number] as string;
    const entry = totals.get(group) ?? { count: 0, size: 0, fresh: 0 };
    entry.count += 1;
    entry.size += snapshot.selfSizes[node] as number;
    if (mark?.[node] === 1) entry.fresh += 1;
    totals.set(group, entry);
  }
  return totals;
}

/** The edges of a snapshot, read by field. */
interface EdgeReader {
  count(node: number): number;
  width: number;
  typeOf(edge: number): string | undefined;
  nameOf(edge: number): string;
  target(edge: number): number;
}

function edgeReader(snapshot: ReadSnapshot): EdgeReader {
  const { file } = snapshot;
  const nodeWidth = file.snapshot.meta.node_fields.length;
  const edgeCountAt = file.snapshot.meta.node_fields.indexOf('edge_count');
  const edgeFields = file.snapshot.meta.edge_fields;
  const typeAt = edgeFields.indexOf('type');
  const nameAt = edgeFields.indexOf('name_or_index');
  const toAt = edgeFields.indexOf('to_node');
  const edgeTypes = file.snapshot.meta.edge_types[0];
  return {
    width: edgeFields.length,
    count: (node) => file.nodes[node * nodeWidth + edgeCountAt] as number,
    typeOf: (edge) => edgeTypes[file.edges[edge + typeAt] as number],
    nameOf(edge) {
      const type = edgeTypes[file.edges[edge + typeAt] as number];
      return type === 'element' || type === 'hidden' ? '[]' : String(file.strings[file.edges[edge + nameAt] as number] ?? '?');
    },
    target: (edge) => (file.edges[edge + toAt] as number) / nodeWidth,
  };
}

/**
 * The holder `constructor.edge` that keeps the most bytes of `weights` (each node's own size, or
 * what it held at the step before; 0: not a target), and those holders with the bytes each holds.
 * Weighing by bytes, not by count, is what finds the few large leaked objects among many small
 * ones of the same constructor.
 */
function heaviestHolder(snapshot: ReadSnapshot, edges: EdgeReader, weights: Float64Array): { key: string; holds: number; holders: Float64Array } | null {
  const byKey = new Map<string, { bytes: number; holds: number }>();
  const visit = (each: (holder: number, key: string, weight: number) => void): void => {
    let edge = 0;
    for (let node = 0; node < snapshot.groupOf.length; node += 1) {
      const holder = snapshot.groups[snapshot.groupOf[node] as number] as string;
      for (let k = edges.count(node); k > 0; k -= 1, edge += edges.width) {
        const weight = weights[edges.target(edge)] as number;
        if (weight === 0) continue;
        const type = edges.typeOf(edge);
        if (type === 'weak' || type === 'shortcut') continue;
        each(node, `${holder}.${edges.nameOf(edge)}`, weight);
      }
    }
  };
  visit((_holder, key, weight) => {
    const entry = byKey.get(key) ?? { bytes: 0, holds: 0 };
    entry.bytes += weight;
    entry.holds += 1;
    byKey.set(key, entry);
  });
  let best: { key: string; bytes: number; holds: number } | null = null;
  for (const [key, entry] of byKey) if (best === null || entry.bytes > best.bytes) best = { key, ...entry };
  if (best === null) return null;
  const winner = best.key;
  const holders = new Float64Array(snapshot.groupOf.length);
  visit((holder, key, weight) => {
    if (key === winner) holders[holder] = (holders[holder] as number) + weight;
  });
  return { key: winner, holds: best.holds, holders };
}

const CHAIN_STEPS = 4;

/** What holds most of the new bytes of `group`, then what holds those holders, and so on (CHAIN_STEPS at most). */
function retainerChainOf(snapshot: ReadSnapshot, edges: EdgeReader, isNew: Uint8Array, group: string): { chain: string[]; firstHolds: number } {
  let weights: Float64Array = new Float64Array(snapshot.groupOf.length);
  for (let node = 0; node < weights.length; node += 1) {
    // At least 1, so an object of no own size still counts as held.
    if (isNew[node] === 1 && snapshot.groups[snapshot.groupOf[node] as number] === group) weights[node] = Math.max(1, snapshot.selfSizes[node] as number);
  }
  const chain: string[] = [];
  let firstHolds = 0;
  for (let step = 0; step < CHAIN_STEPS; step += 1) {
    const found = heaviestHolder(snapshot, edges, weights);
    if (found === null) break;
    if (step === 0) firstHolds = found.holds;
    chain.push(found.key);
    // Holders that were this step's own targets hold each other: a cycle, which leads nowhere new.
    let fresh = false;
    for (let node = 0; node < found.holders.length; node += 1) {
      if ((found.holders[node] as number) === 0) continue;
      if ((weights[node] as number) > 0) found.holders[node] = 0;
      else fresh = true;
    }
    if (!fresh) break;
    weights = found.holders;
  }
  return { chain, firstHolds };
}

/** Compares the snapshot files `beforePath` and `afterPath`; `grown` lists the constructors whose own size grew most. */
export function compareHeapSnapshots(
  beforePath: string,
  afterPath: string,
): { grown: ConstructorGrowth[]; before: { objects: number; bytes: number }; after: { objects: number; bytes: number } } {
  const before = readSnapshot(beforePath);
  const beforeTotals = totalsByGroup(before);
  const beforeIds = new Set<number>(before.ids);
  const beforeSummary = { objects: before.ids.length, bytes: before.bytes };
  // The first snapshot's arrays are no longer needed: let them go before the second is read.
  before.file.nodes = [];
  before.file.edges = [];
  before.file.strings = [];
  const after = readSnapshot(afterPath);
  const isNew = new Uint8Array(after.ids.length);
  for (let node = 0; node < after.ids.length; node += 1) if (!beforeIds.has(after.ids[node] as number)) isNew[node] = 1;
  beforeIds.clear();
  const afterTotals = totalsByGroup(after, isNew);
  const rows = [...afterTotals].map(([group, totals]) => {
    const was = beforeTotals.get(group) ?? { count: 0, size: 0 };
    return { group, totals, was, growth: totals.size - was.size };
  });
  rows.sort((a, b) => b.growth - a.growth);
  const top = rows.slice(0, TOP).filter((row) => row.growth > 0);
  const edges = edgeReader(after);
  const chains = new Map(top.map((row) => [row.group, retainerChainOf(after, edges, isNew, row.group)] as const));
  return {
    before: beforeSummary,
    after: { objects: after.ids.length, bytes: after.bytes },
    grown: top.map(({ group, totals, was }) => ({
      constructor: group,
      countBefore: was.count,
      countAfter: totals.count,
      sizeBeforeBytes: was.size,
      sizeAfterBytes: totals.size,
      newObjects: totals.fresh,
      topRetainer: chains.get(group)?.chain[0] ?? null,
      topRetainerHolds: chains.get(group)?.firstHolds ?? 0,
      retainerChain: chains.get(group)?.chain ?? [],
    })),
  };
}
