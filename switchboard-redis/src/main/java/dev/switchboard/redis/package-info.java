/**
 * A cluster of Switchboard nodes sharing one Redis: {@link dev.switchboard.redis.RedisCluster}
 * connects a node and provides its {@link dev.switchboard.redis.RedisPubSub} (broadcasts reach
 * every node's subscribers) and its {@link dev.switchboard.cluster.ClusterBus} (messages by node
 * id), plus a health check and Micrometer metrics.
 *
 * <p>Promises: local delivery never waits for or depends on Redis; each broadcast crosses Redis
 * as one envelope and is encoded once per wire format on each node; a node never delivers its
 * own broadcast twice; a Redis outage degrades the cluster to independent nodes, and when Redis
 * returns the nodes reconnect and resubscribe by themselves (broadcasts published during the
 * outage are not replayed to other nodes). Unreadable messages on the channels are counted and
 * ignored.
 */
package dev.switchboard.redis;
