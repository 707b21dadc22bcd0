package io.edgemarket.agent.sandbox;

/**
 * Thrown from inside a running function (by the meter, the output stream, the machine) to stop it
 * for breaking a limit. Its message is the execution's error text. No stack trace: it is control
 * flow, and a hostile function can trigger it as often as it likes.
 */
final class FunctionAbort extends RuntimeException {

  private static final long serialVersionUID = 1L;

  FunctionAbort(String error) {
    super(error, null, false, false);
  }

  static FunctionAbort deadline(SandboxLimits limits) {
    return new FunctionAbort("deadline of " + limits.deadline().toMillis() + " ms exceeded");
  }

  static FunctionAbort memory(SandboxLimits limits) {
    return new FunctionAbort("memory limit of " + bytes(limits.memoryBytes()) + " exceeded");
  }

  static FunctionAbort output(SandboxLimits limits) {
    return new FunctionAbort("output exceeds " + limits.maxOutputBytes() + " bytes");
  }

  static FunctionAbort fuel(long maxFuel) {
    return new FunctionAbort("fuel limit of " + maxFuel + " instructions exceeded");
  }

  static FunctionAbort tables() {
    return new FunctionAbort("table limit of " + Meter.MAX_TABLE_ELEMENTS + " elements exceeded");
  }

  static FunctionAbort callStack() {
    return new FunctionAbort(SandboxRun.CALL_STACK_EXHAUSTED);
  }

  private static String bytes(long n) {
    if (n % (1L << 30) == 0) {
      return (n >> 30) + " GiB";
    }
    if (n % (1L << 20) == 0) {
      return (n >> 20) + " MiB";
    }
    if (n % (1L << 10) == 0) {
      return (n >> 10) + " KiB";
    }
    return n + " bytes";
  }
}
