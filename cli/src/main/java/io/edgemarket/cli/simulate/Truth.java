package io.edgemarket.cli.simulate;

import java.nio.charset.StandardCharsets;

/**
 * What the simulated workload, the sample {@code upper} function, really answers, and what it costs
 * in fuel: the simulator's ground truth, against which every answer a consumer gets is judged.
 */
final class Truth {

  private Truth() {}

  /** {@code upper}: ASCII a-z turned into A-Z, every other byte unchanged. */
  static byte[] output(byte[] input) {
    byte[] out = input.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] >= 'a' && out[i] <= 'z') {
        out[i] = (byte) (out[i] - 32);
      }
    }
    return out;
  }

  /**
   * A wrong answer: what a liar returns and signs. Independent liars each lie their own way (the
   * tag names the liar), so two of them on one redundant check disagree; colluding ones ({@code
   * tag} the same for all) give the same wrong answer and so agree.
   */
  static byte[] lie(byte[] input, String tag) {
    byte[] prefix = ("(a lie by " + tag + ") ").getBytes(StandardCharsets.UTF_8);
    byte[] right = output(input);
    byte[] wrong = new byte[prefix.length + right.length];
    System.arraycopy(prefix, 0, wrong, 0, prefix.length);
    System.arraycopy(right, 0, wrong, prefix.length, right.length);
    return wrong;
  }

  /**
   * Fuel metered for one run: deterministic in the input, as Wasm fuel is, so that honest redundant
   * runs agree on it too.
   */
  static long fuel(byte[] input) {
    return 20_000L + 400L * input.length;
  }
}
