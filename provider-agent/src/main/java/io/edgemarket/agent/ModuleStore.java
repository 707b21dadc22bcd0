package io.edgemarket.agent;

import io.edgemarket.agent.sandbox.BadModuleException;
import io.edgemarket.agent.sandbox.LoadedModule;
import io.edgemarket.agent.sandbox.WasmModuleCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Function code by digest: the sandbox's parsed-module cache first, then {@code modules/<digest>
 * .wasm} on disk, then the broker's blob store. Bytes from disk or broker are trusted only if they
 * hash to the digest; only modules the sandbox accepted are written to disk. Thread-safe: two
 * invocations racing on a new module both fetch it, and the last atomic rename wins.
 */
final class ModuleStore {
  private static final Logger LOG = LoggerFactory.getLogger(ModuleStore.class);
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;
  private final WasmModuleCache cache;
  private final BrokerClient broker;

  ModuleStore(Path dir, WasmModuleCache cache, BrokerClient broker) {
    this.dir = dir;
    this.cache = cache;
    this.broker = broker;
  }

  /** A lower-case hex SHA-256; anything else must never reach a file name or a URL. */
  static boolean isDigest(String value) {
    return value != null && DIGEST.matcher(value).matches();
  }

  LoadedModule get(String digest) throws AgentException, InterruptedException {
    Optional<LoadedModule> cached = cache.find(digest);
    if (cached.isPresent()) {
      return cached.get();
    }
    Path file = dir.resolve(digest + ".wasm");
    byte[] bytes = fromDisk(file, digest);
    boolean fetched = bytes == null;
    if (fetched) {
      bytes = fromBroker(digest);
    }
    LoadedModule module;
    try {
      module = cache.load(bytes);
    } catch (BadModuleException e) {
      throw AgentException.badRequest("module " + digest + " rejected: " + e.getMessage());
    }
    if (fetched) {
      save(file, bytes);
    }
    return module;
  }

  private static byte[] fromDisk(Path file, String digest) {
    try {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      byte[] bytes = Files.readAllBytes(file);
      if (digest.equals(WasmModuleCache.digestOf(bytes))) {
        return bytes;
      }
      LOG.warn("cached module {} is corrupt; fetching it again", file);
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot read cached module {}: {}", file, e.toString());
    }
    return null;
  }

  private byte[] fromBroker(String digest) throws AgentException, InterruptedException {
    Optional<byte[]> bytes;
    try {
      bytes = broker.fetchModule(digest);
    } catch (IOException e) {
      throw AgentException.upstream("cannot fetch module " + digest + ": " + e.getMessage(), e);
    }
    if (bytes.isEmpty()) {
      throw AgentException.badRequest("the broker has no module " + digest);
    }
    String actual = WasmModuleCache.digestOf(bytes.get());
    if (!digest.equals(actual)) {
      throw AgentException.upstream(
          "the broker sent module " + actual + " when asked for " + digest, null);
    }
    return bytes.get();
  }

  /** The disk copy is only a cache: failing to write it costs a fetch after restart. */
  private static void save(Path file, byte[] bytes) {
    Path tmp = null;
    try {
      Files.createDirectories(file.getParent());
      tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("cannot cache module {} on disk: {}", file, e.toString());
      deleteQuietly(tmp);
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp == null) {
      return;
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", tmp, e.toString());
    }
  }
}
