package io.edgemarket.ledger.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /**
     * A new identity with {@code role} in its certificate, issued by the CA that normally enrols
     * {@code caOf}: e.g. the providers' CA writing role admin or broker into a certificate.
     */
    Identity enrollAt(Role caOf, String name, Role role);

    /** The organisation (MSP id) whose CA enrols {@code role}. */
    String mspFor(Role role);

    /** A gateway signing as {@code identity}; the market closes it. */
    LedgerGateway gateway(Identity identity);

    @Override
    void close();
  }

  private static final java.util.concurrent.atomic.AtomicLong CREDITS =
      new java.util.concurrent.atomic.AtomicLong();
  final String run = Crypto.randomHex(4);
  final Backend backend;
  final Identity admin;

  /** An admin of the other organisation (on a one-organisation ledger, of the same one). */
  final Identity admin2;

  final Identity broker;
  final Identity broker2;
  final Identity auditor;
  final Identity provider;
  final Identity provider2;
  final Identity consumer;
  final Identity consumer2;
  private final Map<String, LedgerGateway> gateways = new ConcurrentHashMap<>();

  Market(Backend backend) throws Exception {
    this.backend = backend;
    admin = backend.enroll("admin-" + run, Role.ADMIN);
    admin2 = backend.enrollAt(Role.PROVIDER, "admin2-" + run, Role.ADMIN);
    broker = backend.enroll("broker-" + run, Role.BROKER);
    broker2 = backend.enroll("broker2-" + run, Role.BROKER);
    auditor = backend.enroll("auditor-" + run, Role.AUDITOR);
    provider = backend.enroll("provider-" + run, Role.PROVIDER);
    provider2 = backend.enroll("provider2-" + run, Role.PROVIDER);
    consumer = backend.enroll("consumer-" + run, Role.CONSUMER);
    consumer2 = backend.enroll("consumer2-" + run, Role.CONSUMER);
    List<Callable<String>> registrations = new ArrayList<>();
    for (Identity id :
        List.of(
            admin, admin2, broker, broker2, auditor, provider, provider2, consumer, consumer2)) {
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
    governed(Transactions.SET_GOVERNANCE, Json.write(governance()));
  }

  /**
   * The market's governance: each role held only by the organisation whose CA enrols it, admins and
   * auditors from any; both organisations govern (one, on a one-organisation ledger).
   */
  Records.Governance governance() {
    List<String> orgs = new ArrayList<>(new TreeSet<>(List.of(admin.mspId(), admin2.mspId())));
    Map<String, List<String>> roles = new TreeMap<>();
    for (Role role : List.of(Role.PROVIDER, Role.CONSUMER, Role.BROKER)) {
      roles.put(role.attributeValue(), List.of(backend.mspFor(role)));
    }
    roles.put(Role.ADMIN.attributeValue(), orgs);
    roles.put(Role.AUDITOR.attributeValue(), orgs);
    return new Records.Governance(orgs, roles, 0, null);
  }

  /**
   * A governed call made by each organisation's admin in turn until it is done; returns the last
   * answer. A governance the ledger already has (a Fabric channel outlives the run) is left as is.
   */
  JsonNode governed(String tx, String... args) throws LedgerException {
    if (Transactions.SET_GOVERNANCE.equals(tx)) {
      Records.Governance current =
          Json.read(as(admin).evaluate(Transactions.GET_GOVERNANCE), Records.Governance.class);
      Records.Governance wanted = governance();
      if (current.orgs().equals(wanted.orgs()) && current.roles().equals(wanted.roles())) {
        return Json.tree(Json.write(current));
      }
    }
    JsonNode answer = null;
    for (Identity who : List.of(admin, admin2)) {
      answer = submit(who, tx, args);
      if (!"PENDING".equals(answer.path("status").asText())) {
        return answer;
      }
    }
    return answer;
  }

  LedgerGateway as(Identity identity) {
    // Keyed by certificate too: a participant that rotated its key is a new signer.
    return gateways.computeIfAbsent(
        identity.id() + " " + identity.certificatePem().hashCode(), k -> backend.gateway(identity));
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

  /** Creates money for {@code account}, approved by both organisations' admins. */
  void credit(Identity account, long amount) throws LedgerException {
    governed(
        Transactions.CREDIT_ESCROW,
        account.id(),
        Long.toString(amount),
        "test " + run + " " + CREDITS.incrementAndGet());
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
