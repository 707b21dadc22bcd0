package io.edgemarket.bench;

import io.edgemarket.sdk.InvokeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The workload mixes of issue 13, each a function, an arrival process at a mean rate and the inputs
 * its callers send: steady traffic ({@code upper} on a short text, one call every 1/rate s), bursty
 * IoT sensors ({@code anomaly} on a few readings per call, in bursts of {@code burstMin..burstMax}
 * calls within {@code burstSpreadMillis}) and latency-critical AR/VR calls ({@code echo} on a small
 * frame at a fixed frame rate, hedged after {@code arvrHedgeMillis}, late past {@code
 * arvrDeadlineMillis}).
 */
enum Mix {
  STEADY("upper"),
  IOT("anomaly"),
  ARVR("echo");

  /** Bytes of one AR/VR frame: a pose and a few feature points, not a video frame. */
  static final int FRAME_BYTES = 192;

  private final String function;

  Mix(String function) {
    this.function = function;
  }

  String function() {
    return function;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Mix parse(String name) {
    return valueOf(name.strip().toUpperCase(Locale.ROOT));
  }

  /** This mix's arrival process at {@code rate} calls per second on average. */
  Arrivals arrivals(double rate, LoadMixOptions options) {
    return this == IOT
        ? Arrivals.bursts(
            rate,
            options.burstMin(),
            options.burstMax(),
            Duration.ofMillis(options.burstSpreadMillis()).toNanos())
        : Arrivals.steady(rate);
  }

  /** Call options: AR/VR calls are hedged, the others placed wherever the market likes. */
  InvokeOptions invokeOptions(LoadMixOptions options) {
    InvokeOptions base = InvokeOptions.defaults().withMaxPrice(options.maxPrice());
    return this == ARVR && options.arvrHedgeMillis() > 0
        ? base.hedgeAfter(Duration.ofMillis(options.arvrHedgeMillis()))
        : base;
  }

  /** Microseconds past which an answer is late (AR/VR only: a frame that misses it is useless). */
  long deadlineMicros(LoadMixOptions options) {
    return this == ARVR ? options.arvrDeadlineMillis() * 1000 : Long.MAX_VALUE;
  }

  /** What this mix's callers send, for a table's first column. */
  String describe(LoadMixOptions options) {
    return switch (this) {
      case STEADY -> "`upper` on 24 B, fixed interval";
      case IOT ->
          String.format(
              Locale.ROOT,
              "`anomaly` on 1–8 readings, bursts of %d–%d within %d ms",
              options.burstMin(),
              options.burstMax(),
              options.burstSpreadMillis());
      case ARVR ->
          String.format(
              Locale.ROOT,
              "`echo` on %d B frames, fixed rate, hedged after %d ms, deadline %d ms",
              FRAME_BYTES,
              options.arvrHedgeMillis(),
              options.arvrDeadlineMillis());
    };
  }

  /** Call {@code i}'s input, drawn from {@code random}. */
  byte[] input(int i, SplittableRandom random) {
    return switch (this) {
      case STEADY ->
          String.format(Locale.ROOT, "steady request %09d", i).getBytes(StandardCharsets.US_ASCII);
      case IOT -> readings(random);
      case ARVR -> frame(random);
    };
  }

  /** 1-8 manhole-cover readings around 60 (sd 25): now and then one above 100 raises an ALERT. */
  private static byte[] readings(SplittableRandom random) {
    int n = random.nextInt(1, 9);
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < n; k++) {
      double gaussian =
          Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
              * Math.cos(2 * Math.PI * random.nextDouble());
      text.append(Math.round(60 + 25 * gaussian)).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] frame(SplittableRandom random) {
    byte[] frame = new byte[FRAME_BYTES];
    for (int k = 0; k < frame.length; k++) {
      frame[k] = (byte) ('A' + random.nextInt(26));
    }
    return frame;
  }
}
