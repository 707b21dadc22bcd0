package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Runs a module as it was published, without instrumentation or sandbox, in plain Chicory with the
 * sandbox's WASI world: what an instrumented run must reproduce.
 */
final class Reference {

  /** How a run ended ("ok", "exit 3", "trap") and what it wrote. */
  record Outcome(String end, byte[] stdout) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Outcome other
          && end.equals(other.end)
          && Arrays.equals(stdout, other.stdout);
    }

    @Override
    public int hashCode() {
      return end.hashCode() * 31 + Arrays.hashCode(stdout);
    }

    @Override
    public String toString() {
      return end + ", " + stdout.length + " bytes";
    }

    static Outcome of(Execution execution) {
      String error = execution.error();
      String end =
          error == null
              ? "ok"
              : error.startsWith("exit code ")
                  ? "exit " + error.substring("exit code ".length())
                  : error.startsWith("trap: ") ? "trap" : error;
      return new Outcome(end, execution.output());
    }
  }

  private Reference() {}

  static Outcome run(byte[] wasm, byte[] input) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    WasiOptions options =
        WasiOptions.builder()
            .withStdin(new ByteArrayInputStream(input))
            .withStdout(stdout)
            .withStderr(OutputStream.nullOutputStream())
            .withArguments(List.of(WarmInstance.PROGRAM_NAME))
            .withClock(WarmInstance.FROZEN_CLOCK)
            .withRandom(new Random(WarmInstance.RANDOM_SEED))
            .build();
    String end;
    try (WasiPreview1 wasi =
        WasiPreview1.builder().withLogger(SilentLogger.INSTANCE).withOptions(options).build()) {
      // Builds, runs any start function, then _start.
      Instance.builder(Parser.parse(wasm))
          .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
          .build();
      end = "ok";
    } catch (WasiExitException e) {
      end = e.exitCode() == 0 ? "ok" : "exit " + e.exitCode();
    } catch (ChicoryException e) {
      end = "trap";
    }
    return new Outcome(end, stdout.toByteArray());
  }
}
