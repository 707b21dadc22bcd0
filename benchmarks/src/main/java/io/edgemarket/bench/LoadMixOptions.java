package io.edgemarket.bench;

import io.edgemarket.bench.OpenLoopOptions.LabelledPid;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LoadMix}'s command line: {@code --name value} pairs. Only {@code --data} is required.
 *
 * @param mixes the mixes run at once ({@code --mix steady|iot|arvr|all}, or a comma list)
 * @param rates each mix's mean calls per second ({@code --rate R} for all, {@code --rates
 *     steady=R,iot=R,arvr=R} for some)
 * @param seed seeds every arrival schedule and input, so runs are repeatable
 * @param lagSamples invocations per mix whose settlement is followed in the measured window
 * @param table where to write the markdown table as well (null: stdout only)
 */
record LoadMixOptions(
    URI broker,
    Path data,
    List<Mix> mixes,
    Map<Mix, Double> rates,
    long seconds,
    long warmupSeconds,
    int maxWarmupWindows,
    List<LabelledPid> pids,
    int concurrencyCap,
    long maxPrice,
    long seed,
    int burstMin,
    int burstMax,
    long burstSpreadMillis,
    long arvrHedgeMillis,
    long arvrDeadlineMillis,
    int lagSamples,
    long lagPollMillis,
    Path table) {

  double rate(Mix mix) {
    return rates.get(mix);
  }

  static LoadMixOptions parse(String[] args) {
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in --name value pairs");
    }
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    String dataText = o.remove("--data");
    if (dataText == null) {
      throw new IllegalArgumentException("--data MARKET_DIR is required");
    }
    String mixText = o.getOrDefault("--mix", "all");
    o.remove("--mix");
    List<Mix> mixes = new ArrayList<>();
    for (String one : mixText.split(",")) {
      if (one.strip().equals("all")) {
        mixes.addAll(List.of(Mix.values()));
      } else if (!one.isBlank()) {
        mixes.add(Mix.parse(one));
      }
    }
    double rate = Double.parseDouble(take(o, "--rate", "20"));
    Map<Mix, Double> rates = new EnumMap<>(Mix.class);
    for (Mix mix : Mix.values()) {
      rates.put(mix, rate);
    }
    for (String pair : take(o, "--rates", "").split(",")) {
      if (!pair.isBlank()) {
        String[] kv = pair.split("=", 2);
        rates.put(Mix.parse(kv[0]), Double.parseDouble(kv[1]));
      }
    }
    List<LabelledPid> pids = new ArrayList<>();
    for (String one : take(o, "--pids", "").split(",")) {
      if (!one.isBlank()) {
        pids.add(LabelledPid.parse(one.strip()));
      }
    }
    String table = o.remove("--table");
    LoadMixOptions options =
        new LoadMixOptions(
            URI.create(take(o, "--broker", "http://127.0.0.1:8080")),
            Path.of(dataText),
            List.copyOf(new java.util.LinkedHashSet<>(mixes)),
            Map.copyOf(rates),
            Long.parseLong(take(o, "--seconds", "30")),
            Long.parseLong(take(o, "--warmup-seconds", "10")),
            Integer.parseInt(take(o, "--max-warmup-windows", "6")),
            List.copyOf(pids),
            Integer.parseInt(take(o, "--concurrency-cap", "256")),
            Long.parseLong(take(o, "--max-price", "1000")),
            Long.parseLong(take(o, "--seed", "1")),
            Integer.parseInt(take(o, "--burst-min", "10")),
            Integer.parseInt(take(o, "--burst-max", "50")),
            Long.parseLong(take(o, "--burst-spread-ms", "5")),
            Long.parseLong(take(o, "--arvr-hedge-ms", "25")),
            Long.parseLong(take(o, "--arvr-deadline-ms", "50")),
            Integer.parseInt(take(o, "--lag-samples", "40")),
            Long.parseLong(take(o, "--lag-poll-ms", "100")),
            table == null ? null : Path.of(table));
    if (!o.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s) " + o.keySet());
    }
    if (mixes.isEmpty()
        || rates.values().stream().anyMatch(r -> !(r > 0))
        || options.seconds() < 1
        || options.concurrencyCap() < 1
        || options.lagPollMillis() < 1) {
      throw new IllegalArgumentException("a mix, positive rates, seconds, cap and poll are needed");
    }
    return options;
  }

  private static String take(Map<String, String> options, String name, String otherwise) {
    String value = options.remove(name);
    return value == null ? otherwise : value;
  }
}
