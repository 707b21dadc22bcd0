package io.edgemarket.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sample functions, read from the classpath (the cli jar ships {@code samples/wasm}). */
final class Samples {
  private Samples() {}

  static byte[] wasm(String name) {
    String resource = "/samples/wasm/" + name + ".wasm";
    try (InputStream in = Samples.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
