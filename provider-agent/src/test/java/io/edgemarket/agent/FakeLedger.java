package io.edgemarket.agent;

import io.edgemarket.model.Offer;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the chaincode (written in another module): records every transaction the agent
 * submits and answers balance queries. It can be told to fail, as a ledger that is down would.
 */
final class FakeLedger implements LedgerGateway {
  /** One submitted transaction. */
  record Call(String transaction, List<String> args) {}

  private final Identity identity;
  private final List<Call> submitted = new CopyOnWriteArrayList<>();
  private final AtomicLong balance = new AtomicLong();
  private volatile boolean down;

  FakeLedger(Identity identity) {
    this.identity = identity;
  }

  @Override
  public Identity identity() {
    return identity;
  }

  @Override
  public String submit(String transaction, String... args) throws LedgerException {
    if (down) {
      throw new LedgerException(
          LedgerException.Phase.CONNECT, ErrorCodes.UNAVAILABLE, null, "ledger is down");
    }
    submitted.add(new Call(transaction, List.of(args)));
    return args.length > 0 ? args[0] : "{}";
  }

  @Override
  public String evaluate(String transaction, String... args) throws LedgerException {
    if (Transactions.GET_BALANCE.equals(transaction)) {
      return "{\"accountId\":\"" + args[0] + "\",\"balance\":" + balance.get() + "}";
    }
    throw new LedgerException(
        LedgerException.Phase.EVALUATE, ErrorCodes.NOT_FOUND, null, "no " + transaction);
  }

  @Override
  public void close() {}

  void setBalance(long value) {
    balance.set(value);
  }

  void setDown(boolean value) {
    down = value;
  }

  List<Call> calls(String transaction) {
    return submitted.stream().filter(c -> c.transaction().equals(transaction)).toList();
  }

  List<Offer> publishedOffers() {
    return calls(Transactions.PUBLISH_OFFER).stream()
        .map(c -> Json.read(c.args().get(0), Offer.class))
        .toList();
  }

  List<String> transactionNames() {
    return submitted.stream().map(Call::transaction).toList();
  }
}
