package io.edgemarket.agent;

import io.edgemarket.agent.sandbox.WarmCapacity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent's Prometheus metrics: invocations by status, their duration, slots in use, fuel
 * metered, and warm capacity by runtime ({@code wasm}, {@code oci}): instances or containers ready
 * and the number their functions' demand asks for, summed over functions (per function would make a
 * series per digest). Outcomes: {@code ok}, {@code function_error} (both paid), {@code rejected}
 * (4xx), {@code unavailable} (503), {@code failed} (agent fault, not paid) and {@code cancelled}
 * (stopped by the broker: a hedged call another provider answered first).
 */
final class AgentMetrics {
  static final String OK = "ok";
  static final String FUNCTION_ERROR = "function_error";
  static final String REJECTED = "rejected";
  static final String UNAVAILABLE = "unavailable";
  static final String FAILED = "failed";
  static final String CANCELLED = "cancelled";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final Timer duration;
  private final Counter fuel;

  AgentMetrics(String providerId, Slots slots) {
    registry.config().commonTags("provider", providerId);
    duration =
        Timer.builder("edgemarket.agent.invocation.duration")
            .description("Time from admission to answer, including any code fetch")
            .register(registry);
    fuel =
        Counter.builder("edgemarket.agent.fuel")
            .description("Wasm instructions metered (and charged for)")
            .baseUnit("instructions")
            .register(registry);
    Gauge.builder("edgemarket.agent.invocations.active", slots, Slots::active)
        .description("Invocations running now")
        .register(registry);
    Gauge.builder("edgemarket.agent.invocations.max", slots, Slots::max)
        .description("Invocations this agent runs at once")
        .register(registry);
    for (String outcome :
        new String[] {OK, FUNCTION_ERROR, REJECTED, UNAVAILABLE, FAILED, CANCELLED}) {
      outcomes.put(outcome, counter(outcome));
    }
  }

  /** Reports {@code runtime}'s warm capacity, read from {@code capacity} at each scrape. */
  void warmCapacity(String runtime, Supplier<WarmCapacity> capacity) {
    // Held strongly: the supplier is a method reference nobody else keeps.
    Gauge.builder("edgemarket.agent.warm.ready", capacity, c -> c.get().ready())
        .description("Instances or containers ready for an invocation")
        .tag("runtime", runtime)
        .strongReference(true)
        .register(registry);
    Gauge.builder("edgemarket.agent.warm.target", capacity, c -> c.get().target())
        .description("Instances or containers that recent demand asks to keep ready")
        .tag("runtime", runtime)
        .strongReference(true)
        .register(registry);
    Gauge.builder("edgemarket.agent.warm.functions", capacity, c -> c.get().functions())
        .description("Functions kept warm (called within the idle timeout)")
        .tag("runtime", runtime)
        .strongReference(true)
        .register(registry);
  }

  void record(String outcome, long nanos) {
    outcomes.computeIfAbsent(outcome, this::counter).increment();
    duration.record(nanos, TimeUnit.NANOSECONDS);
  }

  void fuel(long instructions) {
    fuel.increment(instructions);
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }

  void close() {
    registry.close();
  }

  private Counter counter(String outcome) {
    return Counter.builder("edgemarket.agent.invocations")
        .description("Invocations answered, by status")
        .tag("status", outcome)
        .register(registry);
  }
}
