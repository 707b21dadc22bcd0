package io.edgemarket.agent.container;

/**
 * A created container: its engine id, the token naming it and its cgroup parent, and what it was
 * created for.
 */
record Pooled(String id, String token, PoolKey key) {}
