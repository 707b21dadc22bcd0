package io.edgemarket.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgemarket.model.api.ImageTar;
import io.edgemarket.model.crypto.Crypto;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tars are what the market's own reader accepts or refuses. */
class ImageTarsTest {
  @Test
  void aDockerSaveTarIsAnImageAndItsPayloadSetsItsDigest() throws IOException {
    byte[] image = ImageTars.dockerSave("one");
    assertNull(ImageTar.problem(new ByteArrayInputStream(image), image.length));
    assertEquals(0, image.length % 512);
    assertNotEquals(Crypto.sha256Hex(image), Crypto.sha256Hex(ImageTars.dockerSave("two")));
  }

  @Test
  void aTarWithoutAManifestIsNoImage() throws IOException {
    byte[] tar = ImageTars.tar(Map.of("layer.tar", new byte[600]));
    assertEquals(512 + 1024 + 1024, tar.length);
    assertNotNull(ImageTar.problem(new ByteArrayInputStream(tar), tar.length));
  }
}
