package io.edgemarket.ledger.embedded;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.LedgerException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** An embedded ledger in a temporary directory, with a consumer's gateway to it. */
final class LedgerFixture implements AutoCloseable {
  static final String MSP = "EdgeMarketMSP";
  static final CertificateAuthority CA = CertificateAuthority.create(MSP);

  final Path dir;
  final Identity alice = CA.enroll("alice", Role.CONSUMER);
  EmbeddedLedger ledger;
  EmbeddedGateway gateway;

  LedgerFixture(Path dir) throws IOException {
    this.dir = dir;
    open();
  }

  void reopen() throws IOException {
    ledger.close();
    open();
  }

  String submit(String transaction, String... args) throws LedgerException {
    return gateway.submit("kvtest:" + transaction, args);
  }

  String evaluate(String transaction, String... args) throws LedgerException {
    return gateway.evaluate("kvtest:" + transaction, args);
  }

  /** Runs the call, which must fail; returns its LedgerException. */
  static LedgerException failure(Callable<?> call) {
    try {
      Object result = call.call();
      throw new AssertionError("expected a LedgerException, got result " + result);
    } catch (LedgerException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a LedgerException", e);
    }
  }

  @Override
  public void close() {
    ledger.close();
  }

  private void open() throws IOException {
    ledger = EmbeddedLedger.open(dir, CA);
    gateway = new EmbeddedGateway(ledger, alice);
  }
}
