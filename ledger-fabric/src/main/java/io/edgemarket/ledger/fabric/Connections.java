package io.edgemarket.ledger.fabric;

import io.edgemarket.model.crypto.Identity;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.X509Identity;

/** The gRPC channel and the Gateway client on it, with deadlines on every kind of call. */
final class Connections {
  // A commit waits for a block: the orderer cuts one every 2 s at most, plus validation.
  private static final long EVALUATE_SECONDS = 30;
  private static final long ENDORSE_SECONDS = 30;
  private static final long SUBMIT_SECONDS = 30;
  private static final long COMMIT_SECONDS = 60;

  private Connections() {}

  static void requireEndpoint(String endpoint) {
    if (endpoint == null || !endpoint.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
      throw new IllegalArgumentException("peer endpoint must be host:port: " + endpoint);
    }
  }

  static void requireReadable(Path file) {
    if (file == null || !Files.isReadable(file)) {
      throw new IllegalArgumentException("TLS CA certificate not readable: " + file);
    }
  }

  static ManagedChannel channel(String endpoint, Path tlsCa, String hostOverride) {
    ChannelCredentials tls;
    try {
      tls = TlsChannelCredentials.newBuilder().trustManager(tlsCa.toFile()).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TLS CA certificate " + tlsCa, e);
    }
    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(endpoint, tls);
    if (hostOverride != null && !hostOverride.isBlank()) {
      builder.overrideAuthority(hostOverride);
    }
    return builder.build();
  }

  /**
   * Our {@link Identity} never hands out its private key, so the gateway gives the signer the whole
   * message ({@link Hash#NONE}) and the identity hashes and signs it, normalised to low-S as
   * Fabric's MSP demands.
   */
  static Gateway gateway(ManagedChannel channel, Identity identity) {
    return Gateway.newInstance()
        .identity(new X509Identity(identity.mspId(), identity.certificate()))
        .signer(message -> LowS.normalise(identity.sign(message)))
        .hash(Hash.NONE)
        .connection(channel)
        .evaluateOptions(o -> o.withDeadlineAfter(EVALUATE_SECONDS, TimeUnit.SECONDS))
        .endorseOptions(o -> o.withDeadlineAfter(ENDORSE_SECONDS, TimeUnit.SECONDS))
        .submitOptions(o -> o.withDeadlineAfter(SUBMIT_SECONDS, TimeUnit.SECONDS))
        .commitStatusOptions(o -> o.withDeadlineAfter(COMMIT_SECONDS, TimeUnit.SECONDS))
        .connect();
  }

  static void shutdown(ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
