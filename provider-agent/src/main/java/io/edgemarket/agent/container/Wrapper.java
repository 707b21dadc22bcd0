package io.edgemarket.agent.container;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reports a function's exit in-band. The container's entrypoint becomes the host's static busybox,
 * bind-mounted read-only at {@value #MOUNTED}, running a small {@code sh} script that runs the
 * image's own entrypoint and command as its child and, once the child has exited, writes a {@link
 * Trailer} with the exit status to stdout and to stderr. The child's stdout and the trailer share
 * one pipe, so the trailer comes after every byte of the output; the same holds for stderr (the two
 * pipes are not ordered against each other, hence a trailer on each). The agent can then answer at
 * the trailer instead of waiting for the engine's exit handling (see the package's "Exit in-band").
 *
 * <p>The script keeps the engine's semantics: the image's working directory, user and environment
 * (the shell's own PWD, OLDPWD and SHLVL are unset unless the image sets them), and a command name
 * without a slash is looked up in PATH as the runtime would (busybox's shell would otherwise run
 * its own applet of that name); a command that is not an executable file yields the trailer {@code
 * noexec}, reported as an image that cannot start.
 */
final class Wrapper {
  static final Path HOST_BUSYBOX = Path.of("/bin/busybox");
  static final String MOUNTED = "/.edgemarket/busybox";

  // $1 is the nonce, $2 the command, the rest its arguments. Only shell builtins: nothing of the
  // image's is run but the function.
  private static final String SCRIPT =
      """
      n=$1; shift; c=$1; shift
      case $c in */*) ;; *) p=; IFS=:
        for d in $PATH; do
          if [ -f "${d:-.}/$c" ] && [ -x "${d:-.}/$c" ]; then p=${d:-.}/$c; break; fi
        done
        unset IFS; c=$p ;;
      esac
      if [ -f "$c" ] && [ -x "$c" ]; then "$c" "$@"; s=$?; else s=noexec; fi
      printf '\\000EDGEMARKET-EXIT %s %s\\n' "$n" "$s"
      printf '\\000EDGEMARKET-EXIT %s %s\\n' "$n" "$s" >&2
      [ "$s" = noexec ] && exit 127
      exit $s
      """;
  private static final List<String> SHELL_VARIABLES = List.of("PWD", "OLDPWD", "SHLVL");

  private final Path busybox;

  private Wrapper(Path busybox) {
    this.busybox = busybox;
  }

  /** A wrapper when {@code busybox} is a static executable and the engine is on this host. */
  static Optional<Wrapper> detect(ContainerConfig config, Path busybox) {
    if (!config.dockerHost().startsWith("unix://") || !staticExecutable(busybox)) {
      return Optional.empty(); // a remote engine would mount its own host's file, if any
    }
    try {
      return Optional.of(new Wrapper(busybox.toRealPath()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  Path busybox() {
    return busybox;
  }

  Bind bind() {
    return new Bind(busybox.toString(), new Volume(MOUNTED), AccessMode.ro);
  }

  /** What an image runs: its entrypoint and command, and the names its environment sets. */
  record ImageCommand(List<String> entrypoint, List<String> cmd, Set<String> env) {}

  /** The entrypoint and command to create a container of the image with. */
  record Command(List<String> entrypoint, List<String> cmd) {}

  /** The wrapped command; empty when the image names none (the engine refuses it as before). */
  Optional<Command> wrap(ImageCommand image, String nonce) {
    List<String> child = new ArrayList<>(image.entrypoint());
    child.addAll(image.cmd());
    if (child.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder script = new StringBuilder();
    for (String name : SHELL_VARIABLES) {
      if (!image.env().contains(name)) {
        script.append("unset ").append(name).append('\n');
      }
    }
    script.append(SCRIPT);
    return Optional.of(
        new Command(List.of(MOUNTED, "sh", "-c", script.toString(), "edgemarket", nonce), child));
  }

  /** An ELF executable without a PT_INTERP program header needs no dynamic loader. */
  static boolean staticExecutable(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
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
