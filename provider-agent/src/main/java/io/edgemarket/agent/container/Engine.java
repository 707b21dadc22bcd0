package io.edgemarket.agent.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The few engine commands the sandbox uses, over docker-java, each turning the engine's failures
 * into {@link EngineException}; plus {@link Attach}, over the same socket. Thread-safe.
 */
final class Engine implements AutoCloseable {
  private final String host;
  private final DockerClient docker;
  private final SocketAddress socket;

  Engine(String host) {
    this.host = host;
    var config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    var http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .maxConnections(64)
            .connectionTimeout(Duration.ofSeconds(5))
            .build();
    this.docker = DockerClientImpl.getInstance(config, http);
    URI uri = URI.create(host);
    this.socket =
        "unix".equals(uri.getScheme())
            ? UnixDomainSocketAddress.of(uri.getPath())
            : new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  Info info() throws EngineException {
    return call("reach the engine", () -> docker.infoCmd().exec());
  }

  String create(String image, String name, Map<String, String> labels, String user, HostConfig hc)
      throws EngineException {
    return create(image, name, labels, user, null, hc);
  }

  /** Creates a container; {@code command} replaces the image's entrypoint and cmd unless null. */
  String create(
      String image,
      String name,
      Map<String, String> labels,
      String user,
      Wrapper.Command command,
      HostConfig hc)
      throws EngineException {
    return call(
        "create a container of " + image,
        () -> {
          var create = docker.createContainerCmd(image);
          if (user != null) {
            create.withUser(user);
          }
          if (command != null) {
            create.withEntrypoint(command.entrypoint()).withCmd(command.cmd());
          }
          return create
              .withName(name)
              .withLabels(labels)
              .withAttachStdin(true)
              .withAttachStdout(true)
              .withAttachStderr(true)
              .withStdinOpen(true)
              .withStdInOnce(true)
              .withHostConfig(hc)
              .exec()
              .getId();
        });
  }

  /** The image's entrypoint, command and the names its environment sets. */
  Wrapper.ImageCommand imageCommand(String image) throws EngineException {
    var config =
        call("inspect image " + image, () -> docker.inspectImageCmd(image).exec()).getConfig();
    if (config == null) {
      return new Wrapper.ImageCommand(List.of(), List.of(), Set.of());
    }
    Set<String> env = new HashSet<>();
    for (String variable : orEmpty(config.getEnv())) {
      env.add(variable.split("=", 2)[0]);
    }
    return new Wrapper.ImageCommand(orEmpty(config.getEntrypoint()), orEmpty(config.getCmd()), env);
  }

  private static List<String> orEmpty(String[] values) {
    return values == null ? List.of() : List.of(values);
  }

  Attach attach(String id) throws EngineException {
    try {
      return Attach.open(socket, id);
    } catch (IOException e) {
      throw new EngineException("cannot attach to container " + id + ": " + e.getMessage(), e);
    }
  }

  /** Starts a container; empty, or why the engine could not start this image (its fault). */
  Optional<String> start(String id) throws EngineException {
    try {
      call("start container " + id, () -> docker.startContainerCmd(id).exec());
      return Optional.empty();
    } catch (EngineException e) {
      if (e.getCause() instanceof BadRequestException bad) {
        return Optional.of(bad.getMessage());
      }
      throw e;
    }
  }

  /** Kills a container; one that already stopped or is gone is fine. */
  void kill(String id) {
    try {
      docker.killContainerCmd(id).exec();
    } catch (RuntimeException e) {
      // Already exited, already removed, or the engine is gone: nothing more to stop.
    }
  }

  /** Asks for the container's next exit; ask before starting it. */
  ExitWait exitWait(String id) throws EngineException {
    try {
      return ExitWait.open(socket, id);
    } catch (IOException e) {
      throw new EngineException("cannot wait for container " + id + ": " + e.getMessage(), e);
    }
  }

  /** A container's state, e.g. whether the kernel killed it at its memory limit. */
  ContainerState state(String id) throws EngineException {
    return call("inspect container " + id, () -> docker.inspectContainerCmd(id).exec().getState());
  }

  /** Removes a container, running or not; one already gone is fine. */
  void remove(String id) throws EngineException {
    try {
      call("remove container " + id, () -> docker.removeContainerCmd(id).withForce(true).exec());
    } catch (EngineException e) {
      if (!(e.getCause() instanceof NotFoundException
          || e.getCause() instanceof ConflictException)) {
        throw e;
      }
    }
  }

  List<String> containersLabelled(String label, String value) throws EngineException {
    return call(
        "list containers",
        () ->
            docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(label, value))
                .exec()
                .stream()
                .map(Container::getId)
                .toList());
  }

  DockerClient docker() {
    return docker;
  }

  @Override
  public void close() {
    try {
      docker.close();
    } catch (IOException e) {
      // The transport holds sockets only.
    }
  }

  /** An engine call that fails with {@link EngineException}. */
  interface Call<T> {
    T run();
  }

  <T> T call(String what, Call<T> call) throws EngineException {
    try {
      return call.run();
    } catch (RuntimeException e) {
      throw new EngineException("cannot " + what + " on " + host + ": " + e.getMessage(), e);
    }
  }
}
