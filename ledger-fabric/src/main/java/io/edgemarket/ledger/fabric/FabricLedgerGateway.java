package io.edgemarket.ledger.fabric;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;

/**
 * The ledger port on a Fabric network, through one peer's Gateway service, as one identity. The
 * peer's gateway finds the other organisation's endorser itself (discovery), so one endpoint is
 * enough whatever the endorsement policy. Each instance owns its gRPC channel; close it.
 */
public final class FabricLedgerGateway implements LedgerGateway {
  private final Identity identity;
  private final ManagedChannel channel;
  private final Gateway gateway;
  private final Network network;
  private final Contract contract;
  private final String chaincode;

  private FabricLedgerGateway(Builder builder, ManagedChannel channel) {
    this.identity = builder.identity;
    this.channel = channel;
    this.chaincode = builder.chaincode;
    this.gateway = Connections.gateway(channel, builder.identity);
    this.network = gateway.getNetwork(builder.channel);
    this.contract = network.getContract(builder.chaincode);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Identity identity() {
    return identity;
  }

  @Override
  public String submit(String transaction, String... args) throws LedgerException {
    Proposal proposal = proposal(transaction, args);
    String txId = proposal.getTransactionId();
    try {
      return text(proposal.endorse().submit());
    } catch (Exception e) {
      throw FabricErrors.of(e, txId);
    }
  }

  @Override
  public String evaluate(String transaction, String... args) throws LedgerException {
    Proposal proposal = proposal(transaction, args);
    try {
      return text(proposal.evaluate());
    } catch (GatewayException | RuntimeException e) {
      throw FabricErrors.evaluate(e, proposal.getTransactionId());
    }
  }

  /**
   * Calls {@code listener} with the name and UTF-8 payload of every chaincode event committed from
   * now on, in commit order, on a daemon thread; close the result to stop. The broker's offer book
   * follows {@code OfferPublished}/{@code OfferWithdrawn} this way instead of polling.
   */
  public AutoCloseable listenToEvents(BiConsumer<String, String> listener) {
    return ChaincodeEventPump.start(network, chaincode, listener);
  }

  @Override
  public void close() {
    gateway.close();
    Connections.shutdown(channel);
  }

  private Proposal proposal(String transaction, String... args) throws LedgerException {
    if (channel.isShutdown()) {
      throw FabricErrors.closed();
    }
    return contract.newProposal(transaction).addArguments(args).build();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Validates everything before any connection is made. */
  public static final class Builder {
    private String endpoint;
    private Path tlsCaCertificate;
    private String hostOverride;
    private String channel = Transactions.CHAINCODE;
    private String chaincode = Transactions.CHAINCODE;
    private Identity identity;

    private Builder() {}

    /** {@code host:port} of a peer running the Gateway service. */
    public Builder endpoint(String value) {
      this.endpoint = value;
      return this;
    }

    /** PEM file of the CA that issued the peer's TLS certificate. */
    public Builder tlsCaCertificate(Path value) {
      this.tlsCaCertificate = value;
      return this;
    }

    /** The host name the peer's TLS certificate names, when the endpoint is an address. */
    public Builder hostOverride(String value) {
      this.hostOverride = value;
      return this;
    }

    public Builder channel(String value) {
      this.channel = value;
      return this;
    }

    public Builder chaincode(String value) {
      this.chaincode = value;
      return this;
    }

    public Builder identity(Identity value) {
      this.identity = value;
      return this;
    }

    /** Connects lazily: gRPC dials on the first call, so a peer that is down fails as CONNECT. */
    public FabricLedgerGateway build() {
      Objects.requireNonNull(identity, "identity");
      Connections.requireEndpoint(endpoint);
      Connections.requireReadable(tlsCaCertificate);
      requireName("channel", channel);
      requireName("chaincode", chaincode);
      return new FabricLedgerGateway(
          this, Connections.channel(endpoint, tlsCaCertificate, hostOverride));
    }

    private static void requireName(String what, String value) {
      if (value == null || !value.matches("[a-z][a-z0-9._-]*")) {
        throw new IllegalArgumentException("invalid " + what + " name: " + value);
      }
    }
  }
}
