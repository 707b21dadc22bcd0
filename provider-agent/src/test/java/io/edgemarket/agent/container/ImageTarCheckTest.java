package io.edgemarket.agent.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.testing.HostileImageTars;
import io.edgemarket.testing.ImageTars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's own check before {@code docker load}, without an engine: a hostile tar is refused
 * even when its digest is right, i.e. when a broker handed it over as stored.
 */
class ImageTarCheckTest {
  @TempDir Path dir;

  static List<HostileImageTars.Case> hostile() {
    return HostileImageTars.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void aHostileTarWithTheRightDigestIsRefused(HostileImageTars.Case hostile) throws Exception {
    String digest = Crypto.sha256Hex(hostile.tar());
    Path tar = Files.write(dir.resolve(digest + ".tar"), hostile.tar());

    BadImageException e =
        assertThrows(
            BadImageException.class,
            () -> ImageTarCheck.check(tar, digest, ImageLoader.REPOSITORY));

    assertTrue(e.getMessage().startsWith("not an image tar from docker save: "), e.getMessage());
    assertTrue(e.getMessage().contains(hostile.problem()), e.getMessage());
  }

  @Test
  void aValidTarPassesWithTheTagsItWouldCreate() throws Exception {
    byte[] image = ImageTars.dockerSave("checked");
    String digest = Crypto.sha256Hex(image);
    Path tar = Files.write(dir.resolve(digest + ".tar"), image);

    assertEquals(List.of(), ImageTarCheck.check(tar, digest, ImageLoader.REPOSITORY));
  }
}
