package io.edgemarket.cli.market;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Everyone a local market acts as besides the broker, read from the directory (made the first
 * time). They are read while the broker opens its ledger: on a restart the broker's start is what
 * the market waits for, and nothing needs them before it has started.
 *
 * @param admin the admin of the organisation that enrols admins
 * @param otherAdmins an admin of every other organisation: governed calls need one from each
 */
record MarketCast(
    Identity admin,
    List<Identity> otherAdmins,
    Identity auditor,
    Identity verifier,
    Identity consumer,
    List<Identity> providers) {

  /** Reads them on another thread. */
  static CompletableFuture<MarketCast> readAsync(MarketDir dir, LedgerSite site, int providers) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return read(dir, site, providers);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** What {@link #readAsync} read, or the failure it met as it was thrown. */
  static MarketCast await(CompletableFuture<MarketCast> reading) throws IOException {
    try {
      return reading.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  static MarketCast read(MarketDir dir, LedgerSite site, int providers) throws IOException {
    Identity admin = identity(dir, site, "admin", Role.ADMIN);
    List<Identity> otherAdmins = new ArrayList<>();
    for (Role role : Role.values()) {
      if (role != Role.ORDERER
          && !site.caFor(role).mspId().equals(admin.mspId())
          && otherAdmins.stream().noneMatch(a -> a.mspId().equals(site.caFor(role).mspId()))) {
        otherAdmins.add(
            dir.ensureIdentity(
                site.caFor(role),
                "admin-" + role.attributeValue(),
                site.commonName("admin-" + role.attributeValue()),
                Role.ADMIN));
      }
    }
    Identity auditor = identity(dir, site, "auditor", Role.AUDITOR);
    Identity verifier = identity(dir, site, "verifier", Role.AUDITOR);
    Identity consumer = identity(dir, site, "consumer", Role.CONSUMER);
    List<Identity> providerIds = new ArrayList<>();
    for (int i = 1; i <= providers; i++) {
      providerIds.add(identity(dir, site, "provider-" + i, Role.PROVIDER));
    }
    return new MarketCast(
        admin, List.copyOf(otherAdmins), auditor, verifier, consumer, List.copyOf(providerIds));
  }

  static Identity identity(MarketDir dir, LedgerSite site, String name, Role role)
      throws IOException {
    return dir.ensureIdentity(site.caFor(role), name, site.commonName(name), role);
  }
}
