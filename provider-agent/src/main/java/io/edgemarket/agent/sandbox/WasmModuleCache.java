package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Parsed, validated and instrumented modules keyed by the SHA-256 of their bytes, so that a module
 * is parsed and instrumented once however often it runs (and compiled once, when hot). Least
 * recently used modules are evicted beyond {@code maxEntries}. Bad modules are not remembered:
 * rejecting them again is cheap and keeps the cache for good ones. Thread-safe.
 */
public final class WasmModuleCache {

  public static final int DEFAULT_MAX_ENTRIES = 256;

  private final int maxEntries;
  private final Map<String, LoadedModule> modules;

  public WasmModuleCache() {
    this(DEFAULT_MAX_ENTRIES);
  }

  public WasmModuleCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.modules = new LinkedHashMap<>(16, 0.75f, true);
  }

  /**
   * Returns the module for these bytes, parsing and checking them unless they are cached.
   *
   * @throws BadModuleException if the bytes are not a valid module obeying the function ABI
   */
  public LoadedModule load(byte[] bytes) throws BadModuleException {
    Objects.requireNonNull(bytes, "bytes");
    String digest = digestOf(bytes);
    Optional<LoadedModule> cached = find(digest);
    if (cached.isPresent()) {
      return cached.get();
    }
    // Parsed outside the lock so that one large module does not stall every other load; two
    // threads racing on the same new module both parse it and the first one stored wins.
    LoadedModule parsed = prepare(digest, bytes);
    synchronized (modules) {
      LoadedModule winner = modules.putIfAbsent(digest, parsed);
      evictBeyondCapacity();
      return winner != null ? winner : parsed;
    }
  }

  private static LoadedModule prepare(String digest, byte[] bytes) throws BadModuleException {
    WasmModule original = AbiCheck.parse(bytes);
    FuelInstrumenter.Instrumented code;
    try {
      code = FuelInstrumenter.instrument(bytes, original);
    } catch (RuntimeException | StackOverflowError e) {
      // A module Chicory validated that the rewrite cannot take: refused, not run unmetered.
      throw new BadModuleException("module cannot be instrumented for metering: " + e, e);
    }
    WasmModule instrumented;
    try {
      // Also a check of the rewrite: what the sandbox runs must validate like what it was given.
      instrumented = Parser.parse(code.bytes());
    } catch (RuntimeException | AssertionError e) {
      throw new BadModuleException(
          "module cannot be instrumented for metering (the rewrite does not validate): "
              + e.getMessage(),
          e);
    }
    return new LoadedModule(digest, bytes.length, code, instrumented);
  }

  /** The cached module with this digest (lower-case hex SHA-256), if any. */
  public Optional<LoadedModule> find(String digest) {
    synchronized (modules) {
      return Optional.ofNullable(modules.get(digest));
    }
  }

  public int size() {
    synchronized (modules) {
      return modules.size();
    }
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String digestOf(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private void evictBeyondCapacity() {
    var oldestFirst = modules.keySet().iterator();
    while (modules.size() > maxEntries) {
      oldestFirst.next();
      oldestFirst.remove();
    }
  }
}
