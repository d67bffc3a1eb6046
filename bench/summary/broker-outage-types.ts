/**
 * Types of the broadcast workload judged per message through a broker outage (Redis, PostgreSQL, NATS): each delivery counted under the
 * second its message was published (its send time travels in the payload), against what that second
 * should have delivered (messages published to each room times the room's members). A publish second
 * is whole when its deliveries equal its expected.
 */
import type { BrokerName } from '../../protocol/sync-adapters.js';

/** Deliveries of the messages published in one Unix second, over every worker. */
export interface PublishSecond {
  second: number;
  /** Sum over rooms of messages published in this second times the room's members. */
  expected: number;
  delivered: number;
  duplicates: number;
  /** Delivered more than 1 s after the message's send time. */
  late: number;
  /** With --lb none: delivered to a member on another node than the publisher's; null when a load balancer placed the clients. */
  crossNode: number | null;
}

/** `summary.broadcast.brokerOutage`: messages published while the broker was down, and the recovery. */
export interface BrokerOutageSummary {
  /** Which broker was killed. */
  broker: BrokerName;
  /** The kill, and when the restarted broker answered its readiness probe, in ms from the hold's start; null when it was not restarted (or did not answer). */
  killedAtMs: number;
  restartAnsweredAtMs: number | null;
  /** Publish seconds that overlap the outage (from the kill's second to the restart's), counted below. */
  seconds: number;
  expected: number;
  /** Delivered at any time before the run ended, duplicates excluded. */
  delivered: number;
  /** expected - delivered: never arrived. */
  lost: number;
  /** Of the delivered, those that arrived more than 1 s after their send time (queued through the outage). */
  late: number;
  duplicates: number;
  deliveredRatio: number | null;
  /**
   * Delivered only locally: with --lb none (each client's node known) the deliveries that crossed
   * nodes, so 0 means every delivery stayed on its publisher's node; null behind a load balancer.
   */
  crossNodeDelivered: number | null;
  /** 1 / nodes: the delivered ratio if each node delivered to its own members only, and nodes held equal shares. */
  localOnlyRatio: number;
  /**
   * From the restart answering until the start of the first publish second from which every second is
   * whole again, in ms (0 when the second of the restart is already whole); null when never whole
   * again, or without a restart. Resolution: one second.
   */
  recoveryMs: number | null;
  /** Publish seconds before the kill that were whole, of those that expected deliveries: the baseline to read the outage against. */
  wholeSecondsBefore: { whole: number; of: number };
}

/** The outage as the fault plan recorded it. */
export interface OutageTimes {
  broker: BrokerName;
  killedAtEpochMs: number;
  killedAtMs: number;
  restartAnsweredAtEpochMs: number | null;
  restartAnsweredAtMs: number | null;
}
