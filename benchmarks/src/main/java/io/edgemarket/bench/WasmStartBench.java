package io.edgemarket.bench;

import io.edgemarket.agent.sandbox.BadModuleException;
import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.agent.sandbox.LoadedModule;
import io.edgemarket.agent.sandbox.SandboxLimits;
import io.edgemarket.agent.sandbox.Tiering;
import io.edgemarket.agent.sandbox.WasmModuleCache;
import io.edgemarket.agent.sandbox.WasmSandbox;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sandbox start as the agent does it: {@link WasmSandbox#run} hands the execution to a worker
 * thread, which gets an instance of the module (WASI with the input as stdin) and runs {@code
 * _start}. Warm: the module is already parsed, validated and instrumented (a cache hit) and, being
 * hot after the warm-up, compiled, and its instance comes from the sandbox's warm pool: built
 * ahead, then reused, put back as built after each run (issue 11). Warm interpreted: the same with
 * tiering off, so every run instantiates and interprets (the sandbox before compilation and the
 * pool existed). Cold: a new cache every time, so the bytes are hashed, parsed, ABI-checked and
 * instrumented before an interpreted run on a fresh instance. Sampled, so the report has p50 and
 * p99.
 *
 * <p>On the caller: the same warm start from a thread that runs the execution itself, as the
 * agent's link runners do ({@link WasmSandbox#callerThreads}): no hand-off to a worker and no
 * wake-up back. The fork runs with {@code -Xss64m}, a worker's stack, so the measuring thread may.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xss64m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WasmStartBench {
  private static final byte[] INPUT = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] echo;
  private WasmSandbox sandbox;
  private WasmSandbox interpreter;
  private LoadedModule cached;
  private LoadedModule cachedForInterpreter;
  private SandboxLimits limits;

  @Setup(Level.Trial)
  public void setUp() throws BadModuleException {
    echo = Samples.wasm("echo");
    sandbox = new WasmSandbox(new WasmModuleCache(), 1);
    cached = sandbox.modules().load(echo);
    interpreter = new WasmSandbox(new WasmModuleCache(), 1, Tiering.interpreterOnly());
    cachedForInterpreter = interpreter.modules().load(echo);
    limits = SandboxLimits.defaults();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sandbox.close();
    interpreter.close();
  }

  @Benchmark
  public Execution warmStart() throws InterruptedException {
    return checked(sandbox.run(cached, INPUT, limits));
  }

  /** Marks the measuring thread as one that runs executions itself (it has a worker's stack). */
  @State(Scope.Thread)
  public static class OnCaller {
    @Setup(Level.Trial)
    public void runHere() {
      WasmSandbox.runOnThisThread();
    }
  }

  @Benchmark
  public Execution warmStartOnCaller(OnCaller here) throws InterruptedException {
    return checked(sandbox.run(cached, INPUT, limits));
  }

  @Benchmark
  public Execution warmStartInterpreted() throws InterruptedException {
    return checked(interpreter.run(cachedForInterpreter, INPUT, limits));
  }

  @Benchmark
  public Execution coldStart() throws BadModuleException, InterruptedException {
    LoadedModule parsed = new WasmModuleCache(1).load(echo);
    return checked(sandbox.run(parsed, INPUT, limits));
  }

  private static Execution checked(Execution execution) {
    if (!execution.isOk()) {
      throw new IllegalStateException("echo failed: " + execution);
    }
    return execution;
  }
}
