package io.edgemarket.ledger.fabric;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Market participants on the two-organisation network of {@code network-config}: each org's
 * cryptogen CA loaded as a {@link CertificateAuthority} under that org's MSP id, and the org's
 * peer.
 *
 * <p>Providers enrol under {@code ProvidersOrgMSP}, the cooperative of machine owners; consumer,
 * broker, auditor and admin under {@code ConsumersOrgMSP}, the demand side that pays and settles
 * (network-config/README.md, "Organisations"). The role itself is in the certificate attribute, so
 * this split is a convention of who vouches for whom, not something the chaincode checks.
 * Certificates carry {@code OU=client}, which the orgs' NodeOUs require of clients.
 */
public final class FabricMarketIdentities {
  public static final String PROVIDERS_MSP = "ProvidersOrgMSP";
  public static final String CONSUMERS_MSP = "ConsumersOrgMSP";
  private static final String PROVIDERS_DOMAIN = "providers.edgemarket.local";
  private static final String CONSUMERS_DOMAIN = "consumers.edgemarket.local";

  /**
   * Where to reach one organisation's peer: its Gateway endpoint, the CA of its TLS certificate,
   * and the host name that certificate names (the network listens on an address, 127.0.0.1).
   */
  public record Peer(String mspId, String endpoint, Path tlsCaCertificate, String hostOverride) {
    public Peer {
      Objects.requireNonNull(mspId, "mspId");
      Connections.requireEndpoint(endpoint);
      Objects.requireNonNull(tlsCaCertificate, "tlsCaCertificate");
    }

    /** A builder pointed at this peer; add the identity (and the channel if not the default). */
    public FabricLedgerGateway.Builder gatewayBuilder() {
      return FabricLedgerGateway.builder()
          .endpoint(endpoint)
          .tlsCaCertificate(tlsCaCertificate)
          .hostOverride(hostOverride);
    }
  }

  private final CertificateAuthority providersCa;
  private final CertificateAuthority consumersCa;
  private final Peer providersPeer;
  private final Peer consumersPeer;

  private FabricMarketIdentities(Path crypto) throws IOException {
    this.providersCa = loadCa(crypto, PROVIDERS_DOMAIN, PROVIDERS_MSP);
    this.consumersCa = loadCa(crypto, CONSUMERS_DOMAIN, CONSUMERS_MSP);
    this.providersPeer = peer(crypto, PROVIDERS_DOMAIN, PROVIDERS_MSP, 7051);
    this.consumersPeer = peer(crypto, CONSUMERS_DOMAIN, CONSUMERS_MSP, 9051);
  }

  /** {@code network.sh}'s state directory: {@code ~/.cache/edgemarket/fabric-net} by default. */
  public static FabricMarketIdentities open(Path networkDir) throws IOException {
    return new FabricMarketIdentities(networkDir.resolve("crypto"));
  }

  /** {@code $EDGEMARKET_FABRIC_NET}, else {@code ~/.cache/edgemarket/fabric-net}, as network.sh. */
  public static Path defaultNetworkDir() {
    String env = System.getenv("EDGEMARKET_FABRIC_NET");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "edgemarket", "fabric-net");
  }

  /** A new key and certificate for {@code name} in the organisation that hosts {@code role}. */
  public Identity enroll(String name, Role role) {
    return caFor(role).enroll(name, role);
  }

  /** Both organisations' CAs, providers' first. */
  public TrustRoots trustRoots() {
    return TrustRoots.of(providersCa).and(consumersCa);
  }

  public CertificateAuthority caFor(Role role) {
    return role == Role.PROVIDER ? providersCa : consumersCa;
  }

  /** The peer of the identity's own organisation, as a Fabric client normally connects. */
  public Peer peerFor(Identity identity) {
    return PROVIDERS_MSP.equals(identity.mspId()) ? providersPeer : consumersPeer;
  }

  public Peer providersPeer() {
    return providersPeer;
  }

  public Peer consumersPeer() {
    return consumersPeer;
  }

  /** A gateway as {@code identity} through its own organisation's peer. */
  public FabricLedgerGateway gateway(Identity identity) {
    return peerFor(identity).gatewayBuilder().identity(identity).build();
  }

  private static Peer peer(Path crypto, String domain, String mspId, int port) {
    Path tlsCa =
        crypto.resolve("peerOrganizations/" + domain + "/peers/peer0." + domain + "/tls/ca.crt");
    // The peers' TLS certificates name localhost and 127.0.0.1, so no override is needed for the
    // address; it is still set so that a moved endpoint keeps verifying against the same name.
    return new Peer(mspId, "127.0.0.1:" + port, tlsCa, "localhost");
  }

  /** CertificateAuthority reads ca-cert.pem and ca-key.pem from one directory; stage them. */
  private static CertificateAuthority loadCa(Path crypto, String domain, String mspId)
      throws IOException {
    Path ca = crypto.resolve("peerOrganizations/" + domain + "/ca");
    Path cert = ca.resolve("ca." + domain + "-cert.pem");
    Path key = ca.resolve("priv_sk");
    if (!Files.isReadable(cert) || !Files.isReadable(key)) {
      throw new IOException("no CA for " + mspId + " in " + ca + " (run network.sh up)");
    }
    Path staging = Files.createTempDirectory("edgemarket-ca");
    try {
      Files.copy(cert, staging.resolve("ca-cert.pem"));
      Files.copy(key, staging.resolve("ca-key.pem"));
      return CertificateAuthority.loadOrCreate(staging, mspId);
    } finally {
      try (Stream<Path> files = Files.walk(staging)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
