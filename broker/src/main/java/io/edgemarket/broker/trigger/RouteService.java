package io.edgemarket.broker.trigger;

import io.edgemarket.broker.invoke.InvocationRefusedException;
import io.edgemarket.broker.invoke.InvocationService;
import io.edgemarket.broker.invoke.Refusal;
import io.edgemarket.model.api.InvocationResult;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code POST /run/{owner}/{route}}: finds the grant whose key the caller presents, takes a call
 * and a price ceiling from what is left of it, and runs the firing as an invocation under the grant
 * ({@link InvocationService#fire}). The caller is no market participant: the key is its only
 * credential, and the grant's limits and the owner's escrow are all it can spend.
 */
public final class RouteService {
  private final RouteTable table;
  private final InvocationService invocations;
  private final LongSupplier clock;
  private final Consumer<String> outcomes;
  private final MissedKeyRead missed;

  /** At most one full read of the grants per second on a key that matches no grant. */
  static final long MISSED_KEY_READ_GAP_MILLIS = 1_000;

  /**
   * {@code outcomes} is told {@code ok}, {@code refused} or {@code failed} per firing; {@code
   * readGrants} reads every grant from the ledger into the table (on a key the table lacks).
   */
  public RouteService(
      RouteTable table,
      InvocationService invocations,
      LongSupplier clock,
      Consumer<String> outcomes,
      Runnable readGrants) {
    this.table = table;
    this.missed = new MissedKeyRead(readGrants, MISSED_KEY_READ_GAP_MILLIS);
    this.invocations = invocations;
    this.clock = clock;
    this.outcomes = outcomes;
  }

  private LiveGrant match(String owner, String name, String key) {
    try {
      return table.match(owner, name, key);
    } catch (InvocationRefusedException e) {
      if (e.refusal() == Refusal.ROUTE_KEY_REFUSED && missed.tryRead(clock.getAsLong())) {
        return table.match(owner, name, key);
      }
      throw e;
    }
  }

  /** Runs one firing of {@code owner}'s route {@code name} to its result, or refuses it. */
  public InvocationResult run(String owner, String name, String key, byte[] input) {
    LiveGrant grant;
    long reserved;
    try {
      grant = match(owner, name, key);
      reserved = grant.reserve(clock.getAsLong());
    } catch (RuntimeException e) {
      outcomes.accept(CronTriggers.REFUSED);
      throw e;
    }
    try {
      InvocationResult result =
          invocations.fire(grant.grant(), input, reserved, "route " + grant.grant().grantId());
      if (result.status() == InvocationResult.Status.FAILED) {
        grant.refused(reserved); // no provider ran it: nothing is charged
        outcomes.accept(CronTriggers.FAILED);
      } else {
        grant.ran(reserved, result.cost());
        outcomes.accept(CronTriggers.OK);
      }
      return result;
    } catch (RuntimeException e) {
      grant.refused(reserved); // refused or failed: nothing is charged
      outcomes.accept(CronTriggers.FAILED);
      throw e;
    }
  }
}
