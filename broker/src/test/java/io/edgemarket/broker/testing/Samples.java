package io.edgemarket.broker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sample modules of samples/wasm, copied onto the test classpath under {@code wasm/}. */
public final class Samples {
  private Samples() {}

  public static byte[] wasm(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/wasm/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource wasm/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
