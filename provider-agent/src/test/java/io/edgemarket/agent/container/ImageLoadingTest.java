package io.edgemarket.agent.container;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.container.TestImages.Image;
import io.edgemarket.model.crypto.Crypto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Loading image tars: only the one the digest names, only a single image, only our tags. */
@ExtendWith(RequiresDocker.class)
class ImageLoadingTest {
  @TempDir Path dir;

  @Test
  void aCorruptedTarIsRejectedBeforeTheEngineSeesIt() throws Exception {
    Image image = fresh();
    byte[] bytes = image.bytes();
    bytes[bytes.length / 2] ^= 1;
    Path corrupted = Files.write(dir.resolve("corrupted.tar"), bytes);

    try (ContainerSandbox sandbox = ContainerSandbox.open(Functions.config())) {
      BadImageException e =
          assertThrows(BadImageException.class, () -> sandbox.load(corrupted, image.digest()));

      assertTrue(e.getMessage().contains("expected " + image.digest()), e.getMessage());
      assertTrue(sandbox.imageFor(image.digest()).isEmpty(), "nothing was loaded");
    }
  }

  @Test
  void aFileThatIsNotAnImageTarIsRejected() throws Exception {
    byte[] bytes = "just some text\n".repeat(100).getBytes(UTF_8);
    Path file = Files.write(dir.resolve("text.tar"), bytes);

    try (ContainerSandbox sandbox = ContainerSandbox.open(Functions.config())) {
      BadImageException e =
          assertThrows(BadImageException.class, () -> sandbox.load(file, Crypto.sha256Hex(bytes)));

      assertTrue(e.getMessage().startsWith("not an image tar"), e.getMessage());
    }
  }

  @Test
  void aTarClaimingAReservedTagIsRejected() throws Exception {
    String victim = "edgemarket-fn:" + Functions.UPPER.digest();
    Image hijacker = TestImages.build(dir, List.of(victim), "/bin/sh", "-c", "echo pwned");

    try (ContainerSandbox sandbox = ContainerSandbox.open(Functions.config())) {
      BadImageException e =
          assertThrows(
              BadImageException.class, () -> sandbox.load(hijacker.tar(), hijacker.digest()));

      assertTrue(e.getMessage().contains("reserved tag"), e.getMessage());
    }
  }

  @Test
  void aLoadedImageIsFoundByDigestAfterARestartAndItsOwnTagsAreDropped() throws Exception {
    String theirTag = "some-registry.example:5000/app:" + UUID.randomUUID();
    Image image =
        TestImages.build(dir, List.of(theirTag), "/bin/sh", "-c", "echo " + UUID.randomUUID());
    String id;
    try (ContainerSandbox first = ContainerSandbox.open(Functions.config())) {
      id = first.load(image.tar(), image.digest());
    }

    try (ContainerSandbox second = ContainerSandbox.open(Functions.config());
        Engine engine = new Engine(RequiresDocker.HOST)) {
      assertEquals(id, second.imageFor(image.digest()).orElseThrow());
      assertFalse(
          engine.docker().inspectImageCmd(id).exec().getRepoTags().contains(theirTag),
          "the tar's own tag is removed");
    }
  }

  @Test
  void runningAnUnknownImageIsAnEngineFailure() throws Exception {
    try (ContainerSandbox sandbox = ContainerSandbox.open(Functions.config())) {
      String unknown = Crypto.sha256Hex(UUID.randomUUID().toString());

      EngineException e =
          assertThrows(
              EngineException.class, () -> sandbox.run(unknown, new byte[0], Functions.LIMITS));

      assertTrue(e.getMessage().contains("no image"), e.getMessage());
    }
  }

  @Test
  void anUnreachableEngineIsAnEngineFailure() {
    ContainerConfig config = Functions.config().withDockerHost("unix://" + dir.resolve("no.sock"));

    assertThrows(EngineException.class, () -> ContainerSandbox.open(config));
  }

  @Test
  void anUnknownRuntimeIsRefusedAtOpen() {
    ContainerConfig config = Functions.config().withRuntime("no-such-runtime");

    EngineException e = assertThrows(EngineException.class, () -> ContainerSandbox.open(config));

    assertTrue(e.getMessage().contains("no-such-runtime"), e.getMessage());
  }

  /** An image no earlier test run can have loaded: its digest is new. */
  private Image fresh() {
    return TestImages.build(dir, "/bin/sh", "-c", "echo " + UUID.randomUUID());
  }
}
