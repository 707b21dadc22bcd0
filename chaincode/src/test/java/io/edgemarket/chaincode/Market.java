package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.ledger.embedded.LocalTransaction;
import io.edgemarket.ledger.embedded.LocalTransactions;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.JournalEntry;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.testing.InvocationSamples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * A market on the embedded ledger's {@link LocalTransactions}: one CA, the usual cast of
 * participants (all registered), the seven contracts, a clock that puts transactions one second
 * apart, submit/evaluate helpers that commit only what succeeds, as Fabric does, and the work of
 * agents and consumers ({@link InvocationSamples}) signed at the market's time.
 */
final class Market {
  static final String OFFER = "offer-1";

  final CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
  private final LocalTransactions ledger = new LocalTransactions();
  private Instant clock = Instant.parse("2025-01-01T00:00:00Z");
  final ParticipantsContract participants = new ParticipantsContract();
  final ConfigContract config = new ConfigContract();
  final AccountsContract accounts = new AccountsContract();
  final OffersContract offers = new OffersContract();
  final FunctionsContract functions = new FunctionsContract();
  final SettlementContract settlement = new SettlementContract();
  final AuditContract audit = new AuditContract();
  final DisputesContract disputes = new DisputesContract();
  final GrantsContract grants = new GrantsContract();

  final Identity admin = enroll("admin-1", Role.ADMIN);
  final Identity auditor = enroll("auditor-1", Role.AUDITOR);
  final Identity broker = enroll("broker-1", Role.BROKER);
  final Identity provider = enroll("provider-1", Role.PROVIDER);
  final Identity provider2 = enroll("provider-2", Role.PROVIDER);
  final Identity consumer = enroll("consumer-1", Role.CONSUMER);
  final Identity consumer2 = enroll("consumer-2", Role.CONSUMER);

  /** The last transaction run, committed or not. */
  LocalTransaction last;

  Market() {
    for (Identity who :
        new Identity[] {admin, auditor, broker, provider, provider2, consumer, consumer2}) {
      register(who);
    }
  }

  Identity enroll(String name, Role role) {
    return ca.enroll(name, role);
  }

  String register(Identity who) {
    return submit(who, participants::registerParticipant);
  }

  /** Begins a transaction by {@code caller} one second after the previous one. */
  LocalTransaction begin(Identity caller) {
    return begin(caller.mspId(), caller.certificatePem());
  }

  LocalTransaction begin(String mspId, String certificatePem) {
    clock = clock.plusSeconds(1);
    return ledger.begin(mspId, certificatePem, clock);
  }

  void advance(Duration duration) {
    clock = clock.plus(duration);
  }

  /** Runs a transaction and commits its writes if it returns. */
  String submit(Identity who, Function<Context, String> transaction) {
    last = begin(who);
    String result = transaction.apply(new Context(last.stub()));
    try {
      last.commit();
    } catch (LedgerException e) {
      throw new AssertionError("transactions run one at a time cannot conflict", e);
    }
    return result;
  }

  /** Runs a query, which must not write. */
  String evaluate(Identity who, Function<Context, String> transaction) {
    last = begin(who);
    String result = transaction.apply(new Context(last.stub()));
    assertTrue(last.writes().isEmpty(), "an evaluate transaction wrote " + last.writes().keySet());
    return result;
  }

  /** Runs a transaction that must fail with {@code code}; nothing is committed. */
  String fails(String code, Identity who, Function<Context, String> transaction) {
    return fails(code, begin(who), transaction);
  }

  /** As {@link #fails(String, Identity, Function)}, in a transaction begun by the caller. */
  String fails(String code, LocalTransaction tx, Function<Context, String> transaction) {
    last = tx;
    Context ctx = new Context(last.stub());
    ChaincodeException e = assertThrows(ChaincodeException.class, () -> transaction.apply(ctx));
    assertTrue(
        e.getMessage().startsWith(code + ": "), "expected " + code + ", got " + e.getMessage());
    assertEquals(code, new String(e.getPayload(), StandardCharsets.UTF_8));
    assertEquals(code, ErrorCodes.codeOf(e.getMessage()));
    return e.getMessage();
  }

  long now() {
    return clock.toEpochMilli();
  }

  private int topUps;

  void fund(Identity who, long amount) {
    // A credit's reference identifies it: each top-up needs its own.
    String reference = "top-up " + (++topUps);
    submit(admin, ctx -> accounts.creditEscrow(ctx, who.id(), Long.toString(amount), reference));
  }

  long balance(String accountId) {
    return Json.read(evaluate(auditor, ctx -> accounts.getBalance(ctx, accountId)), Balance.class)
        .balance();
  }

  long balance(Identity who) {
    return balance(who.id());
  }

  /** Pages read by the last {@link #everyPage} call. */
  int pagesRead;

  /** Every record of a paged listing, following bookmarks until an empty one. */
  <T> List<T> everyPage(
      Identity who, TypeReference<Page<T>> type, BiFunction<Context, String, String> listing) {
    List<T> records = new ArrayList<>();
    pagesRead = 0;
    String bookmark = "";
    do {
      String mark = bookmark;
      Page<T> page = Json.read(evaluate(who, ctx -> listing.apply(ctx, mark)), type);
      records.addAll(page.records());
      bookmark = page.bookmark();
      pagesRead++;
    } while (!bookmark.isEmpty());
    return records;
  }

  /** The sum over every account, issuer included, walking ListAccounts three at a time. */
  long totalOfAllBalances() {
    return everyPage(
            auditor,
            new TypeReference<Page<Balance>>() {},
            (ctx, mark) -> accounts.listAccounts(ctx, "3", mark))
        .stream()
        .mapToLong(Balance::balance)
        .reduce(0, Math::addExact);
  }

  List<JournalEntry> journal() {
    return everyPage(
        auditor,
        new TypeReference<Page<JournalEntry>>() {},
        (ctx, mark) -> accounts.listJournal(ctx, "2", mark));
  }

  /** Publishes {@link #OFFER} for provider-1 and offer-2 for provider-2; registers both echos. */
  Market trading() {
    long expires = now() + 86_400_000;
    String first = Json.write(InvocationSamples.offer(OFFER, expires));
    submit(provider, ctx -> offers.publishOffer(ctx, first));
    String second = Json.write(InvocationSamples.offer("offer-2", expires));
    submit(provider2, ctx -> offers.publishOffer(ctx, second));
    registerFunction(consumer, "echo");
    registerFunction(consumer2, "echo");
    return this;
  }

  String registerFunction(Identity owner, String name) {
    String spec = Json.write(InvocationSamples.function(name));
    submit(owner, ctx -> functions.registerFunction(ctx, spec));
    return FunctionSpec.idOf(owner.id(), name);
  }

  /** The consumer's ticket for its echo, issued now and valid for a minute. */
  InvocationTicket ticket(Identity consumer, String invocationId, long maxPrice) {
    return InvocationSamples.ticket(
        consumer, broker, invocationId, "echo", maxPrice, now(), Duration.ofMinutes(1));
  }

  /** A correct receipt: provider-1 ran consumer-1's echo under {@link #OFFER}. */
  Receipt receipt(String invocationId, long fuel) {
    return receipt(provider, OFFER, ticket(consumer, invocationId, 1_000_000), fuel);
  }

  Receipt receipt(Identity provider, String offerId, InvocationTicket ticket, long fuel) {
    return InvocationSamples.receipt(broker, provider, offerId, ticket, fuel);
  }

  String settle(String batchId, Receipt... receipts) {
    String json = InvocationSamples.batchJson(batchId, List.of(receipts));
    return submit(broker, ctx -> settlement.settleBatch(ctx, json));
  }

  static <T> T read(String json, Class<T> type) {
    return Json.read(json, type);
  }
}
