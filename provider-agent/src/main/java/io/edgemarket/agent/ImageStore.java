package io.edgemarket.agent;

import io.edgemarket.agent.container.BadImageException;
import io.edgemarket.agent.container.ContainerSandbox;
import io.edgemarket.agent.container.EngineException;
import io.edgemarket.model.api.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container images by digest, the counterpart of {@link ModuleStore}: the engine first (an image
 * loaded before a restart is still there), then {@code images/<digest>.tar} on disk, then the
 * broker's blob store, streamed to disk (an image may be 512 MiB, so it is never held in memory)
 * and checked against the digest before the engine loads it. One fetch per digest at a time: two
 * invocations of a new image wait for the same download.
 */
final class ImageStore {
  private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);

  private final Path dir;
  private final ContainerSandbox sandbox;
  private final BrokerClient broker;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  ImageStore(Path dir, ContainerSandbox sandbox, BrokerClient broker) {
    this.dir = dir;
    this.sandbox = sandbox;
    this.broker = broker;
  }

  ContainerSandbox sandbox() {
    return sandbox;
  }

  /** Makes the image with this digest runnable, fetching and loading it the first time. */
  void ensure(String digest) throws AgentException, InterruptedException {
    try {
      if (sandbox.imageFor(digest).isPresent()) {
        return;
      }
      synchronized (locks.computeIfAbsent(digest, d -> new Object())) {
        if (sandbox.imageFor(digest).isPresent()) {
          return;
        }
        Path file = dir.resolve(digest + ".tar");
        if (Files.isRegularFile(file) && loadedFromDisk(file, digest)) {
          return;
        }
        fetch(digest, file);
        try {
          sandbox.load(file, digest);
        } catch (BadImageException e) {
          Files.deleteIfExists(file); // a refused tar is not kept, nor tried again from disk
          throw e;
        }
      }
    } catch (BadImageException e) {
      throw AgentException.badRequest("image " + digest + " rejected: " + e.getMessage());
    } catch (EngineException e) {
      throw AgentException.internal("container engine failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw AgentException.internal("cannot store image " + digest + ": " + e.getMessage(), e);
    }
  }

  /** False when the disk copy is damaged; it is then deleted, to be fetched again. */
  private boolean loadedFromDisk(Path file, String digest) throws EngineException, IOException {
    try {
      sandbox.load(file, digest);
      return true;
    } catch (BadImageException e) {
      LOG.warn("cached image {} is unusable ({}); fetching it again", file, e.getMessage());
      Files.deleteIfExists(file);
      return false;
    }
  }

  private void fetch(String digest, Path file)
      throws AgentException, InterruptedException, IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, digest, ".tmp");
    try {
      Optional<String> fetched;
      try {
        fetched = broker.fetchBlobTo(digest, tmp, Limits.MAX_IMAGE_BYTES);
      } catch (IOException e) {
        throw AgentException.upstream("cannot fetch image " + digest + ": " + e.getMessage(), e);
      }
      if (fetched.isEmpty()) {
        throw AgentException.badRequest("the broker has no image " + digest);
      }
      if (!digest.equals(fetched.get())) {
        throw AgentException.upstream(
            "the broker sent image " + fetched.get() + " when asked for " + digest, null);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
