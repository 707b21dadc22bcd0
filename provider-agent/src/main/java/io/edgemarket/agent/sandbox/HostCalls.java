package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import java.util.Set;

/**
 * Chicory's WASI host functions as the sandbox links them, with two changes.
 *
 * <p>Every call checks whether the execution was stopped (deadline or shutdown) before and after it
 * runs. Wasm code is stopped by interrupting its thread, which Chicory checks at calls and
 * branches; a host call may swallow the interrupt (one that sleeps, say), and a function looping on
 * such a call must still stop.
 *
 * <p>{@code fd_read} on stdin copies the input straight into linear memory, where Chicory's
 * allocates and zeroes a buffer the size of each iovec per call: a function reading 64 KiB at a
 * time (as most do) would spend more on that than on the rest of a small execution. The results are
 * WASI's own; WASI still serves every other descriptor, and stdin too once the function closes or
 * renumbers descriptor 0.
 *
 * <p>Calls outside {@link #STATELESS} taint the instance's streams: they may leave state in WASI (a
 * closed or renumbered descriptor, changed flags), so the instance is not reused.
 */
final class HostCalls {

  /**
   * WASI calls that leave nothing behind in WASI for a later execution of the same instance, given
   * the sandbox's options (no preopens, a fixed clock, a random stream reseeded on reset).
   */
  static final Set<String> STATELESS =
      Set.of(
          "args_get",
          "args_sizes_get",
          "environ_get",
          "environ_sizes_get",
          "clock_res_get",
          "clock_time_get",
          "fd_fdstat_get",
          "fd_filestat_get",
          "fd_prestat_get",
          "fd_prestat_dir_name",
          "fd_read",
          "fd_write",
          "proc_exit",
          "random_get",
          "sched_yield");

  private HostCalls() {}

  static HostFunction[] wrap(HostFunction[] wasi, RunStreams io) {
    HostFunction[] wrapped = new HostFunction[wasi.length];
    for (int i = 0; i < wasi.length; i++) {
      HostFunction f = wasi[i];
      WasmFunctionHandle original = f.handle();
      WasmFunctionHandle handle =
          switch (f.name()) {
            case "fd_read" ->
                (instance, args) ->
                    args[0] == 0 && io.stdinIsFd0()
                        ? read(instance, args, io)
                        : original.apply(instance, args);
            case "fd_close", "fd_renumber" ->
                (instance, args) -> {
                  if (args[0] == 0 || (args.length > 1 && args[1] == 0)) {
                    io.fd0Changed();
                  }
                  return original.apply(instance, args);
                };
            default -> original;
          };
      boolean taints = !STATELESS.contains(f.name());
      wrapped[i] =
          new HostFunction(
              f.module(),
              f.name(),
              f.functionType(),
              (instance, args) -> {
                io.checkNotStopped();
                if (taints) {
                  io.taint();
                }
                long[] results = handle.apply(instance, args);
                io.checkNotStopped();
                return results;
              });
    }
    return wrapped;
  }

  /** fd_read(0, iovs, iovs_len, nread_ptr), as WASI does it: iovecs in order up to a short read. */
  private static long[] read(Instance instance, long[] args, RunStreams io) {
    Memory memory = instance.memory();
    int iovs = (int) args[1];
    int count = (int) args[2];
    int total = 0;
    for (int i = 0; i < count; i++) {
      int base = memory.readInt(iovs + i * 8);
      int len = memory.readInt(iovs + i * 8 + 4);
      if (len < 0) {
        // WASI would try to allocate that much: the same runtime error.
        throw new NegativeArraySizeException(String.valueOf(len));
      }
      int n = io.readInto(memory, base, len);
      total += n;
      if (n < len) {
        break;
      }
    }
    memory.writeI32((int) args[3], total);
    return new long[] {0}; // ESUCCESS
  }
}
