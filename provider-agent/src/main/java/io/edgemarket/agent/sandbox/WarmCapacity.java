package io.edgemarket.agent.sandbox;

/**
 * Warm capacity of a sandbox at one moment, over all the functions it keeps warm: instances (or
 * containers) ready for an execution, and how many their demand asks for ({@link WarmDemand}).
 *
 * @param functions functions in use, each kept warm until it goes idle
 * @param ready instances or containers ready now
 * @param target the sum of the functions' targets
 */
public record WarmCapacity(int functions, int ready, int target) {

  public static final WarmCapacity NONE = new WarmCapacity(0, 0, 0);
}
