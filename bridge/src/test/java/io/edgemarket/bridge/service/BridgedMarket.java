package io.edgemarket.bridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.bridge.BridgeSigner;
import io.edgemarket.bridge.EvmChain;
import io.edgemarket.bridge.contracts.EdgeEscrow;
import io.edgemarket.bridge.contracts.TestToken;
import io.edgemarket.chaincode.Contracts;
import io.edgemarket.ledger.embedded.EmbeddedGateway;
import io.edgemarket.ledger.embedded.EmbeddedLedger;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Anvil;
import io.edgemarket.testing.InvocationSamples;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.web3j.crypto.Credentials;

/**
 * A real anvil with a TestToken and an EdgeEscrow whose bridge key is dev account 0, and the
 * embedded ledger running the real chaincode with a governance that binds role bridge: admin,
 * auditor, broker, a provider, a consumer and the bridge registered. Dev account 1 deposits; the
 * provider's and the consumer's withdrawals go to dev accounts 3 and 4.
 */
final class BridgedMarket implements AutoCloseable {
  final Anvil anvil;
  final EmbeddedLedger ledger;
  final CertificateAuthority ca;
  final Identity admin;
  final Identity auditor;
  final Identity broker;
  final Identity provider;
  final Identity consumer;
  final Identity bridge;
  final EvmChain bridgeKey;
  final EvmChain depositor;
  final String token;
  final String escrow;
  final String providerAddress = dev(3).getAddress();
  final String consumerAddress = dev(4).getAddress();
  private final List<AutoCloseable> owned = new ArrayList<>();
  private boolean working;

  private BridgedMarket(Path dir) throws Exception {
    anvil = Anvil.start(dir.resolve("anvil"));
    owned.add(anvil);
    bridgeKey = client(0);
    depositor = client(1);
    token =
        TestToken.deploy(bridgeKey.web3j(), bridgeKey.transactions(), bridgeKey.gas())
            .send()
            .getContractAddress();
    escrow = bridgeKey.deployEscrow(token, BridgeSigner.of(dev(0)).address()).getContractAddress();
    ca = CertificateAuthority.create("EdgeMarketMSP");
    ledger = EmbeddedLedger.builder(dir.resolve("ledger"), ca).contracts(Contracts.ALL).open();
    owned.add(0, ledger);
    admin = register("admin", Role.ADMIN);
    auditor = register("auditor", Role.AUDITOR);
    broker = register("broker", Role.BROKER);
    provider = register("provider", Role.PROVIDER);
    consumer = register("consumer", Role.CONSUMER);
    bridge = register("bridge", Role.BRIDGE);
    Map<String, List<String>> roles = new TreeMap<>();
    for (Role role :
        List.of(Role.PROVIDER, Role.CONSUMER, Role.BROKER, Role.AUDITOR, Role.ADMIN, Role.BRIDGE)) {
      roles.put(role.attributeValue(), List.of(ca.mspId()));
    }
    as(admin)
        .submit(
            Transactions.SET_GOVERNANCE,
            Json.write(new Records.Governance(List.of(ca.mspId()), roles, 0, null)));
  }

  static BridgedMarket start(Path dir) throws Exception {
    return new BridgedMarket(dir);
  }

  static Credentials dev(int index) {
    return Credentials.create(Anvil.DEV_PRIVATE_KEYS.get(index));
  }

  /** A client of dev account {@code index}, closed with the fixture. */
  EvmChain client(int index) {
    return client(index, UnaryOperator.identity());
  }

  EvmChain client(int index, UnaryOperator<EvmChain.Builder> tune) {
    EvmChain chain =
        tune.apply(
                EvmChain.builder()
                    .rpcUrl(anvil.url())
                    .credentials(dev(index))
                    .chainId(anvil.chainId()))
            .build();
    owned.add(chain);
    return chain;
  }

  private Identity register(String name, Role role) throws LedgerException {
    Identity identity = ca.enroll(name, role);
    as(identity).submit(Transactions.REGISTER_PARTICIPANT);
    return identity;
  }

  LedgerGateway as(Identity identity) {
    return new EmbeddedGateway(ledger, identity);
  }

  /** A service of the bridge key, polling fast, anchoring every 2 batches, 2 confirmations. */
  BridgeService.Builder service() {
    return BridgeService.builder()
        .chain(bridgeKey)
        .escrow(escrow)
        .ledger(as(bridge))
        .confirmations(2)
        .anchorEveryBatches(2)
        .pollInterval(java.time.Duration.ofMillis(50));
  }

  TestToken token(EvmChain as) {
    return TestToken.load(token, as.web3j(), as.transactions(), as.gas());
  }

  /** Mints {@code amount} to the depositor, who deposits it for market account {@code account}. */
  void deposit(String account, long amount) throws Exception {
    fundDepositor(amount);
    depositFunded(account, amount);
  }

  /** Mints {@code amount} to the depositor and lets the escrow take it (two blocks). */
  void fundDepositor(long amount) throws Exception {
    BigInteger value = BigInteger.valueOf(amount);
    token(depositor).mint(depositor.address(), value).send();
    token(depositor).approve(escrow, value).send();
  }

  /** The deposit alone (one block), from what {@link #fundDepositor} allowed. */
  void depositFunded(String account, long amount) throws Exception {
    EdgeEscrow.load(escrow, depositor.web3j(), depositor.transactions(), depositor.gas())
        .deposit(account, BigInteger.valueOf(amount))
        .send();
  }

  /** The token balance of {@code holder} on chain. */
  long tokens(String holder) throws Exception {
    return token(bridgeKey).balanceOf(holder).send().longValueExact();
  }

  long balance(Identity account) throws LedgerException {
    return balance(account.id());
  }

  long balance(String accountId) throws LedgerException {
    return Json.tree(as(admin).evaluate(Transactions.GET_BALANCE, accountId))
        .get("balance")
        .asLong();
  }

  Withdrawal requestWithdrawal(Identity who, long amount, String to) throws LedgerException {
    return Records.read(
        as(who)
            .submit(
                Transactions.REQUEST_WITHDRAWAL,
                Long.toString(amount),
                to,
                Long.toString(anvil.chainId())),
        Withdrawal.class);
  }

  Withdrawal withdrawal(String id) throws LedgerException {
    return Records.read(as(bridge).evaluate(Transactions.GET_WITHDRAWAL, id), Withdrawal.class);
  }

  BridgeRecords.BridgeState state() throws LedgerException {
    return Records.read(
        as(bridge).evaluate(Transactions.GET_BRIDGE_STATE, Long.toString(anvil.chainId())),
        BridgeRecords.BridgeState.class);
  }

  /**
   * Settles a batch of {@code receipts} of the consumer's function run on the provider's offer,
   * placed and signed by the broker; returns the ledger's root of it.
   */
  String settle(String batchId, int receipts) throws LedgerException {
    if (!working) {
      as(provider).submit(Transactions.PUBLISH_OFFER, InvocationSamples.offerJson("offer-1"));
      as(consumer).submit(Transactions.REGISTER_FUNCTION, InvocationSamples.functionJson("fn"));
      working = true;
    }
    List<Receipt> batch =
        InvocationSamples.receipts(receipts, broker, provider, "offer-1", consumer, "fn");
    SettlementResult result =
        Records.read(
            as(broker)
                .submit(
                    Transactions.SETTLE_BATCH,
                    Json.write(SettlementBatch.signed(batchId, batch, broker))),
            SettlementResult.class);
    assertEquals(receipts, result.settled().size(), "settled: " + result);
    return result.merkleRoot();
  }

  /** Every ledger balance, issuer and clearing accounts included, sums to zero. */
  void assertConserved() throws LedgerException {
    long sum = 0;
    String bookmark = "";
    do {
      JsonNode page = Json.tree(as(auditor).evaluate(Transactions.LIST_ACCOUNTS, "1000", bookmark));
      for (JsonNode account : page.get("records")) {
        sum = Math.addExact(sum, account.get("balance").asLong());
      }
      bookmark = page.path("bookmark").asText("");
    } while (!bookmark.isEmpty());
    assertEquals(0, sum, "sum of all ledger balances");
  }

  @Override
  public void close() {
    RuntimeException failed = null;
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        failed = failed == null ? new IllegalStateException("closing the market", e) : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
