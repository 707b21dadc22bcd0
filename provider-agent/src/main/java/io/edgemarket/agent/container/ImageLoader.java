package io.edgemarket.agent.container;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.LoadResponseItem;
import io.edgemarket.model.api.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Loads checked image tars into the engine and finds them again by digest. Each image is tagged
 * {@code edgemarket-fn:<digest>}, the whole digest (a prefix could be made to collide), so that it
 * is found after the agent restarts without loading it again; {@link ImageTarCheck} makes sure no
 * tar can move such a tag.
 */
final class ImageLoader {
  static final String REPOSITORY = "edgemarket-fn";
  private static final long LOAD_TIMEOUT_MINUTES = 10;

  private final Engine engine;

  ImageLoader(Engine engine) {
    this.engine = engine;
  }

  /** The engine's id of the image tagged for {@code digest}; empty when it has none. */
  Optional<String> find(String digest) throws EngineException {
    try {
      return Optional.of(
          engine.call(
              "inspect image " + digest,
              () -> engine.docker().inspectImageCmd(REPOSITORY + ":" + digest).exec().getId()));
    } catch (EngineException e) {
      if (e.getCause() instanceof NotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Checks, loads and tags {@code tar}; returns the image id. */
  String load(Path tar, String digest) throws EngineException, BadImageException, IOException {
    if (Files.size(tar) > Limits.MAX_IMAGE_BYTES) {
      throw new BadImageException("image tar exceeds " + Limits.MAX_IMAGE_BYTES + " bytes");
    }
    List<String> claimed = ImageTarCheck.check(tar, digest, REPOSITORY);
    String loaded = loadedImage(tar);
    String id =
        engine.call(
            "inspect loaded image " + loaded,
            () -> engine.docker().inspectImageCmd(loaded).exec().getId());
    engine.call(
        "tag image " + id,
        () -> engine.docker().tagImageCmd(id, REPOSITORY, digest).withForce(true).exec());
    // Tags chosen by whoever built the tar mean nothing here; leave no names of theirs behind.
    for (String tag : claimed) {
      try {
        engine.call("untag " + tag, () -> engine.docker().removeImageCmd(tag).exec());
      } catch (EngineException e) {
        // Harmless: the image stays findable by its own tag.
      }
    }
    return id;
  }

  /** Streams the tar to the engine; the loaded image's name or id, from the engine's answer. */
  private String loadedImage(Path tar) throws EngineException, BadImageException, IOException {
    List<String> lines = new CopyOnWriteArrayList<>();
    List<String> errors = new CopyOnWriteArrayList<>();
    try (InputStream in = Files.newInputStream(tar)) {
      ResultCallback.Adapter<LoadResponseItem> done =
          new ResultCallback.Adapter<>() {
            @Override
            public void onNext(LoadResponseItem item) {
              if (item.isErrorIndicated()) {
                var detail = item.getErrorDetail();
                errors.add(detail == null ? "unknown error" : detail.getMessage());
              } else if (item.getStream() != null) {
                lines.add(item.getStream().trim());
              }
            }
          };
      engine.call("load an image", () -> engine.docker().loadImageAsyncCmd(in).exec(done));
      if (!done.awaitCompletion(LOAD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        done.close();
        throw new EngineException("loading an image took over 10 minutes", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while loading an image", e);
    } catch (RuntimeException e) {
      throw new EngineException("cannot load an image: " + e.getMessage(), e);
    }
    if (!errors.isEmpty()) {
      throw new BadImageException("the engine refused the image: " + errors.get(0));
    }
    for (String line : lines) {
      if (line.startsWith("Loaded image ID: ")) {
        return line.substring("Loaded image ID: ".length()).trim();
      }
      if (line.startsWith("Loaded image: ")) {
        return line.substring("Loaded image: ".length()).trim();
      }
    }
    throw new EngineException("the engine loaded nothing it named: " + lines, null);
  }
}
