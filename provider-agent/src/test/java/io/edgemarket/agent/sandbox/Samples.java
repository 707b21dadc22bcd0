package io.edgemarket.agent.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sample functions of samples/wasm, copied onto the test classpath under /wasm. */
final class Samples {

  private Samples() {}

  static byte[] wasm(String name) {
    String resource = "/wasm/" + name + ".wasm";
    try (InputStream in = Samples.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static LoadedModule load(WasmModuleCache cache, String name) {
    try {
      return cache.load(wasm(name));
    } catch (BadModuleException e) {
      throw new AssertionError(name + " should load", e);
    }
  }

  /** The module, compiled now (on this thread) rather than once hot. */
  static LoadedModule compiled(WasmModuleCache cache, String name) {
    return compile(load(cache, name));
  }

  /** Compiles the module unless the sandbox keeps it interpreted on purpose. */
  static LoadedModule compile(LoadedModule module) {
    if (module.compilation().claim()) {
      module.compilation().compile(module.wasm());
    }
    Throwable failure = module.compilation().failure();
    if (!module.isCompiled() && !(failure instanceof UnsupportedOperationException)) {
      throw new AssertionError(module + " did not compile", failure);
    }
    return module;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
