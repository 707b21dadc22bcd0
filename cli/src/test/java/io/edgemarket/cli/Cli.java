package io.edgemarket.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the CLI in-process with captured streams, as a shell would see them. */
record Cli(int exitCode, byte[] stdout, String stderr) {

  static Cli run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    CommandLine commandLine =
        EdgeMarketCli.commandLine(
            new EdgeMarketCli(outStream, errStream, new ByteArrayInputStream(stdin)));
    // picocli's own output (help, usage errors) goes to the same streams as the commands'.
    commandLine.setOut(new PrintWriter(outStream, true));
    commandLine.setErr(new PrintWriter(errStream, true));
    int code = commandLine.execute(args);
    outStream.flush();
    errStream.flush();
    return new Cli(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  static Cli run(String... args) {
    return run(new byte[0], args);
  }

  /** {@code args} run against the broker at {@code url} with the market directory {@code data}. */
  static Cli against(String url, java.nio.file.Path data, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--broker";
    all[args.length + 1] = url;
    all[args.length + 2] = "--data";
    all[args.length + 3] = data.toString();
    return run(all);
  }

  String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out() + "\n--- stderr\n" + stderr;
  }
}
