package io.edgemarket.bench;

/** The load generator's command line: {@code --name value} pairs, all optional. */
record Options(int invocations, int concurrency, int providers, int warmup, long seconds) {

  static Options parse(String[] args) {
    int invocations = 2000;
    int concurrency = 4;
    int providers = 2;
    int warmup = 300;
    long seconds = 120;
    for (int i = 0; i + 1 < args.length; i += 2) {
      long value = Long.parseLong(args[i + 1]);
      switch (args[i]) {
        case "--invocations" -> invocations = (int) value;
        case "--concurrency" -> concurrency = (int) value;
        case "--providers" -> providers = (int) value;
        case "--warmup" -> warmup = (int) value;
        case "--seconds" -> seconds = value;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in --name value pairs");
    }
    if (invocations < 1 || concurrency < 1 || providers < 1 || warmup < 0 || seconds < 1) {
      throw new IllegalArgumentException("counts must be positive");
    }
    return new Options(invocations, concurrency, providers, warmup, seconds);
  }
}
