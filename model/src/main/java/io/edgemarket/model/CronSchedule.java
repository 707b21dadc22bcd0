package io.edgemarket.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A cron schedule, evaluated in UTC: the standard five fields {@code minute hour day-of-month month
 * day-of-week}, or six with a leading {@code second}. Each field is a comma-separated list of
 * {@code *}, {@code n}, {@code a-b}, {@code * /n}, {@code a-b/n} or {@code a/n} (from a to the
 * field's maximum); numbers only, no names. Day-of-week runs 0-7, 0 and 7 both Sunday.
 *
 * <p>Day-of-month and day-of-week follow Vixie cron: when both are restricted (neither begins with
 * {@code *}) a day matches if <em>either</em> matches; otherwise both must ({@code * /2} thus
 * counts as unrestricted, as in Vixie cron, and narrows the other field). The finest step is one
 * second, so no schedule fires more often.
 */
public final class CronSchedule {
  /** How far {@link #next} looks before concluding a schedule never fires (e.g. 30 February). */
  static final int HORIZON_YEARS = 5;

  private static final String[] NAMES = {
    "second", "minute", "hour", "day-of-month", "month", "day-of-week"
  };
  private static final int[] MIN = {0, 0, 0, 1, 1, 0};
  private static final int[] MAX = {59, 59, 23, 31, 12, 7};

  private final String expression;
  private final BitSet[] fields; // second, minute, hour, day-of-month, month, day-of-week
  private final boolean daysOr;

  private CronSchedule(String expression, BitSet[] fields, boolean daysOr) {
    this.expression = expression;
    this.fields = fields;
    this.daysOr = daysOr;
  }

  /** Parses five or six fields; IllegalArgumentException naming the field that is wrong. */
  public static CronSchedule parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("a cron expression has 5 or 6 fields, got none");
    }
    String[] parts = expression.trim().split("\\s+");
    if (parts.length != 5 && parts.length != 6) {
      throw new IllegalArgumentException(
          "a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 (a"
              + " leading second), got "
              + parts.length
              + " in '"
              + expression
              + "'");
    }
    int offset = parts.length == 5 ? 1 : 0;
    BitSet[] fields = new BitSet[6];
    fields[0] = new BitSet();
    fields[0].set(0); // five fields fire at second 0
    for (int i = 0; i < parts.length; i++) {
      fields[i + offset] = field(i + offset, parts[i]);
    }
    if (fields[5].get(7)) {
      fields[5].set(0); // 7 is Sunday too
    }
    String dom = parts[parts.length - 3];
    String dow = parts[parts.length - 1];
    boolean daysOr = !dom.startsWith("*") && !dow.startsWith("*");
    return new CronSchedule(String.join(" ", parts), fields, daysOr);
  }

  /** The first firing strictly after {@code after}, or null if none within five years. */
  public Instant next(Instant after) {
    LocalDateTime t =
        LocalDateTime.ofInstant(after, ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.SECONDS)
            .plusSeconds(1);
    LocalDateTime limit = t.plusYears(HORIZON_YEARS);
    while (t.isBefore(limit)) {
      if (!fields[4].get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!fields[2].get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!fields[1].get(t.getMinute())) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      } else if (!fields[0].get(t.getSecond())) {
        int second = fields[0].nextSetBit(t.getSecond());
        t = second < 0 ? t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1) : t.withSecond(second);
      } else {
        return t.toInstant(ZoneOffset.UTC);
      }
    }
    return null;
  }

  /** The expression, its fields separated by single spaces. */
  public String expression() {
    return expression;
  }

  @Override
  public String toString() {
    return expression;
  }

  private boolean dayMatches(LocalDateTime t) {
    boolean dom = fields[3].get(t.getDayOfMonth());
    boolean dow = fields[5].get(t.getDayOfWeek().getValue() % 7);
    return daysOr ? dom || dow : dom && dow;
  }

  private static BitSet field(int index, String text) {
    BitSet values = new BitSet();
    for (String item : text.split(",", -1)) {
      try {
        item(index, item, values);
      } catch (NumberFormatException e) {
        throw bad(index, text, "'" + item + "' is not *, n, a-b, */n, a-b/n or a/n");
      }
    }
    return values;
  }

  private static void item(int index, String item, BitSet values) {
    int min = MIN[index];
    int max = MAX[index];
    String range = item;
    int step = 1;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      step = Integer.parseInt(item.substring(slash + 1));
      if (step < 1 || step > max - min + 1) {
        throw bad(index, item, "the step must be 1.." + (max - min + 1) + ", got " + step);
      }
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = min;
      to = max;
    } else {
      int dash = range.indexOf('-');
      from = value(index, item, dash < 0 ? range : range.substring(0, dash));
      to = dash < 0 ? (slash >= 0 ? max : from) : value(index, item, range.substring(dash + 1));
      if (to < from) {
        throw bad(index, item, "the range " + range + " runs backwards");
      }
    }
    for (int v = from; v <= to; v += step) {
      values.set(v);
    }
  }

  private static int value(int index, String item, String text) {
    int v = Integer.parseInt(text);
    if (v < MIN[index] || v > MAX[index]) {
      throw bad(index, item, v + " is out of range " + MIN[index] + "-" + MAX[index]);
    }
    return v;
  }

  private static IllegalArgumentException bad(int index, String text, String why) {
    return new IllegalArgumentException(NAMES[index] + " field '" + text + "': " + why);
  }
}
