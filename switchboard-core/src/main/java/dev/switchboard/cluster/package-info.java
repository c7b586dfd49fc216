/**
 * Node-to-node messaging ({@link dev.switchboard.cluster.ClusterBus}) and node identity. The core
 * has only the single-node bus; {@code switchboard-redis} provides one over Redis.
 */
package dev.switchboard.cluster;
