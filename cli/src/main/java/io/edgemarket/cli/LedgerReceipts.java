package io.edgemarket.cli;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.sdk.Auditor;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.EdgeMarketException;
import io.edgemarket.sdk.ReceiptVerification;
import java.time.Duration;

/**
 * Where the receipt commands read a receipt: as a consumer, through its SDK client (its own
 * receipts); as an auditor or admin, through the SDK's {@link Auditor}, which may read any receipt
 * and its batch too. Both verify with the same checks.
 */
final class LedgerReceipts implements AutoCloseable {
  private final EdgeMarket client;
  private final Auditor auditor;
  private final LedgerGateway peer;

  private LedgerReceipts(EdgeMarket client, Auditor auditor, LedgerGateway peer) {
    this.client = client;
    this.auditor = auditor;
    this.peer = peer;
  }

  /** For the {@code --as} identity of {@code command}. */
  static LedgerReceipts open(ClientCommand command) {
    String name = command.common().identityName();
    Identity identity = command.identity(name);
    Role role = identity.role();
    if (role == Role.CONSUMER) {
      return new LedgerReceipts(command.connect(Duration.ofSeconds(30)), null, null);
    }
    if (role != Role.AUDITOR && role != Role.ADMIN) {
      throw CliException.usage(
          "receipts are read as a consumer (its own) or an auditor (any): --as "
              + name
              + " is a "
              + role.attributeValue());
    }
    LedgerGateway peer = command.fabricLedgerOrNull(identity);
    try {
      Auditor.Builder builder = Auditor.builder();
      if (peer != null) {
        builder.ledger(peer);
      } else {
        builder.broker(command.common().broker()).identity(identity);
      }
      TrustRoots roots = command.trustRootsOrNull();
      if (roots != null) {
        builder.trustRoots(roots);
      }
      command.tlsTrust().forEach(builder::tlsTrust);
      return new LedgerReceipts(null, builder.build(), peer);
    } catch (RuntimeException e) {
      if (peer != null) {
        peer.close();
      }
      throw e instanceof IllegalArgumentException ? CliException.usage(e.getMessage()) : e;
    }
  }

  Records.ProvenReceipt receipt(String invocationId) throws EdgeMarketException {
    return client != null ? client.receipt(invocationId) : auditor.receipt(invocationId);
  }

  ReceiptVerification verify(String invocationId) throws EdgeMarketException {
    return client != null
        ? client.verifyReceipt(invocationId)
        : auditor.verifyReceipt(invocationId);
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (auditor != null) {
      auditor.close();
    }
    if (peer != null) {
      peer.close(); // the auditor leaves a ledger it was given open
    }
  }
}
