package io.edgemarket.ledger.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The participants of one conformance run, registered once. Names carry a random suffix because a
 * Fabric ledger outlives the run; every scenario therefore checks balance deltas, never totals.
 */
final class Market implements AutoCloseable {
  /** What the scenarios need of a ledger: enrol a participant, open a gateway as it. */
  interface Backend extends AutoCloseable {
    /** A new identity whose certificate the backend's membership service trusts. */
    Identity enroll(String name, Role role);

    /** A gateway signing as {@code identity}; the market closes it. */
    LedgerGateway gateway(Identity identity);

    @Override
    void close();
  }

  final String run = Crypto.randomHex(4);
  final Backend backend;
  final Identity admin;
  final Identity broker;
  final Identity auditor;
  final Identity provider;
  final Identity provider2;
  final Identity consumer;
  final Identity consumer2;
  private final Map<String, LedgerGateway> gateways = new ConcurrentHashMap<>();

  Market(Backend backend) throws Exception {
    this.backend = backend;
    admin = backend.enroll("admin-" + run, Role.ADMIN);
    broker = backend.enroll("broker-" + run, Role.BROKER);
    auditor = backend.enroll("auditor-" + run, Role.AUDITOR);
    provider = backend.enroll("provider-" + run, Role.PROVIDER);
    provider2 = backend.enroll("provider2-" + run, Role.PROVIDER);
    consumer = backend.enroll("consumer-" + run, Role.CONSUMER);
    consumer2 = backend.enroll("consumer2-" + run, Role.CONSUMER);
    List<Callable<String>> registrations = new ArrayList<>();
    for (Identity id : List.of(admin, broker, auditor, provider, provider2, consumer, consumer2)) {
      registrations.add(() -> as(id).submit(Transactions.REGISTER_PARTICIPANT));
    }
    // Registrations touch disjoint keys, so they may share blocks; on Fabric that saves seconds.
    ExecutorService pool = Executors.newFixedThreadPool(registrations.size());
    try {
      for (Future<String> f : pool.invokeAll(registrations)) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  LedgerGateway as(Identity identity) {
    return gateways.computeIfAbsent(identity.id(), k -> backend.gateway(identity));
  }

  JsonNode submit(Identity who, String tx, String... args) throws LedgerException {
    return Json.tree(as(who).submit(tx, args));
  }

  JsonNode evaluate(Identity who, String tx, String... args) throws LedgerException {
    return Json.tree(as(who).evaluate(tx, args));
  }

  long balance(Identity account) throws LedgerException {
    return balance(account.id());
  }

  long balance(String accountId) throws LedgerException {
    return evaluate(admin, Transactions.GET_BALANCE, accountId).get("balance").asLong();
  }

  void credit(Identity account, long amount) throws LedgerException {
    submit(admin, Transactions.CREDIT_ESCROW, account.id(), Long.toString(amount), "test " + run);
  }

  int brokerFeeBps() throws LedgerException {
    return evaluate(broker, Transactions.GET_CONFIG).get("brokerFeeBps").asInt();
  }

  /**
   * Money is only ever moved, never made or lost: every balance, the issuer's included, sums to 0.
   */
  void assertConserved() throws LedgerException {
    long sum = 0;
    String bookmark = "";
    do {
      JsonNode page = evaluate(auditor, Transactions.LIST_ACCOUNTS, "1000", bookmark);
      for (JsonNode account : page.get("records")) {
        sum = Math.addExact(sum, account.get("balance").asLong());
      }
      bookmark = page.path("bookmark").asText("");
    } while (!bookmark.isEmpty());
    assertEquals(0, sum, "sum of all balances");
  }

  /** Runs the call, which must fail; returns its LedgerException. */
  static LedgerException failure(Callable<?> call) {
    try {
      Object result = call.call();
      throw new AssertionError("expected a LedgerException, got " + result);
    } catch (LedgerException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a LedgerException", e);
    }
  }

  @Override
  public void close() {
    gateways.values().forEach(LedgerGateway::close);
    backend.close();
  }
}
