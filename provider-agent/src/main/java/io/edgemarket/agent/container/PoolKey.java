package io.edgemarket.agent.container;

/**
 * What a warm container was created for: limits are fixed at creation, so only a run of the same
 * image with the same memory and CPU may use it.
 */
record PoolKey(String imageId, long memoryBytes, int cpuMillis) {

  static PoolKey of(String imageId, ContainerLimits limits) {
    return new PoolKey(imageId, limits.memoryBytes(), limits.cpuMillis());
  }
}
