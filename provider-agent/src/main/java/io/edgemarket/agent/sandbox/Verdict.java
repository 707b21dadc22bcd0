package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import java.util.concurrent.CancellationException;

/**
 * How a failed run ended, as the execution's error text. The order of the checks matters: a
 * deadline explains whatever surfaced after it, and a tripped guard explains the {@code
 * unreachable} it executed.
 */
final class Verdict {

  private static final int MAX_CAUSES = 16;

  private Verdict() {}

  /**
   * The error text for a failed run, or null when the function merely called proc_exit(0).
   *
   * @param expired whether the deadline passed (or the caller gave up)
   * @param meter the instance's meter, or null if the instance could not be built
   * @throws CancellationException if the sandbox is shutting down: no verdict on the function
   */
  static String of(Throwable failure, boolean expired, Meter meter, SandboxLimits limits) {
    if (expired) {
      // Whatever surfaced (Chicory's interrupt, a host call's complaint) was caused by the
      // deadline.
      return FunctionAbort.deadline(limits).getMessage();
    }
    String guard = meter == null ? null : meter.verdict(limits);
    if (guard != null) {
      return guard;
    }
    FunctionAbort abort = find(failure, FunctionAbort.class);
    if (abort != null) {
      return abort.getMessage();
    }
    WasiExitException exit = find(failure, WasiExitException.class);
    if (exit != null) {
      return exit.exitCode() == 0 ? null : "exit code " + exit.exitCode();
    }
    if (find(failure, StackOverflowError.class) != null) {
      return SandboxRun.CALL_STACK_EXHAUSTED;
    }
    if (find(failure, ChicoryInterruptedException.class) != null) {
      // Not the deadline, so the sandbox is shutting down: no verdict on the function.
      throw new CancellationException("execution interrupted by sandbox shutdown");
    }
    if (failure instanceof ChicoryException) {
      return SandboxRun.CALL_STACK_EXHAUSTED.equals(failure.getMessage())
          ? SandboxRun.CALL_STACK_EXHAUSTED
          : "trap: " + trapText(failure.getMessage());
    }
    // Not expected from Chicory; still the function's doing, as nothing else runs here.
    return "runtime error: " + failure;
  }

  private static String trapText(String message) {
    if (message == null) {
      return "unknown";
    }
    String text = message.strip();
    // "Trapped on unreachable instruction" -> "unreachable"
    if (text.startsWith("Trapped on ")) {
      text = text.substring("Trapped on ".length());
    }
    if (text.endsWith(" instruction")) {
      text = text.substring(0, text.length() - " instruction".length());
    }
    // "out of bounds memory access: attempted to access address: ..." -> the stable part
    int detail = text.indexOf(':');
    return detail > 0 ? text.substring(0, detail) : text;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    // Bounded walk: a cause chain may loop.
    Throwable t = failure;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
