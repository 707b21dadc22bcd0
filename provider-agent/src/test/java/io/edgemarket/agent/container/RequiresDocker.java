package io.edgemarket.agent.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that need a real Docker engine and a static busybox to build images from. When
 * either is missing the class is skipped with a loud warning, except on CI ({@code CI=true}), where
 * a skipped container test would hide that the sandbox is untested: there it fails.
 */
final class RequiresDocker implements BeforeAllCallback {
  static final String HOST =
      System.getenv().getOrDefault("DOCKER_HOST", ContainerConfig.DEFAULT_DOCKER_HOST);

  @Override
  public void beforeAll(ExtensionContext context) {
    String missing = missing();
    if (missing == null) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true but " + missing);
    }
    String warning =
        "WARNING: SKIPPING container sandbox tests in " + context.getDisplayName() + ": " + missing;
    System.err.println("*".repeat(warning.length()));
    System.err.println(warning);
    System.err.println("*".repeat(warning.length()));
    Assumptions.abort(warning);
  }

  private static String missing() {
    if (!staticExecutable()) {
      return TestImages.BUSYBOX + " is not a static executable (install busybox-static)";
    }
    try (Engine engine = new Engine(HOST)) {
      engine.info();
      return null;
    } catch (EngineException | RuntimeException e) {
      return "no Docker engine at " + HOST + " (" + e.getMessage() + ")";
    }
  }

  /** An ELF executable without a PT_INTERP program header needs no dynamic loader. */
  private static boolean staticExecutable() {
    try (InputStream in = Files.newInputStream(TestImages.BUSYBOX)) {
      ByteBuffer elf = ByteBuffer.wrap(in.readNBytes(1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
      if (elf.limit() < 64 || elf.getInt(0) != 0x464c457f || elf.get(4) != 2) {
        return false;
      }
      long table = elf.getLong(32);
      int size = Short.toUnsignedInt(elf.getShort(54));
      int count = Short.toUnsignedInt(elf.getShort(56));
      for (int i = 0; i < count; i++) {
        int at = (int) table + i * size;
        if (at + 4 > elf.limit() || elf.getInt(at) == 3) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
