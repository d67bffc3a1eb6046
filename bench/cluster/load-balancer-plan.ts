/** How the load balancer in front of several nodes is sized; the preflight decides it, the topology uses it. Types only. */

/** The load balancer's size. */
export interface LoadBalancerPlan {
  /** nginx worker processes. */
  workers: number;
  /** Open-file limit of each load balancer process. */
  fileLimit: number;
}
