package io.edgemarket.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  private static Instant next(String expression, String after) {
    return CronSchedule.parse(expression).next(at(after));
  }

  @Test
  void everyFormOfAFieldParses() {
    assertEquals(
        "*/15 0-6/2 1,15 * 1-5", CronSchedule.parse("  */15  0-6/2 1,15 * 1-5 ").expression());
    assertEquals(at("2026-01-01T00:15:00Z"), next("*/15 * * * *", "2026-01-01T00:00:00Z"));
    assertEquals(at("2026-01-01T02:00:00Z"), next("0 0-6/2 * * *", "2026-01-01T00:00:00Z"));
    assertEquals(at("2026-01-01T00:07:00Z"), next("7,9 * * * *", "2026-01-01T00:00:00Z"));
    assertEquals(at("2026-01-01T00:20:00Z"), next("20-22 * * * *", "2026-01-01T00:00:00Z"));
    assertEquals(at("2026-01-01T00:50:00Z"), next("50/5 * * * *", "2026-01-01T00:47:00Z"));
    assertEquals(at("2026-01-01T00:00:30Z"), next("30 * * * * *", "2026-01-01T00:00:00Z"));
  }

  @Test
  void malformedExpressionsAreRefusedNamingTheField() {
    assertMessage("5 fields", "* * * *");
    assertMessage("5 fields", "* * * * * * *");
    assertMessage("got none", " ");
    assertMessage("minute field '60': 60 is out of range 0-59", "60 * * * *");
    assertMessage("second field '61'", "61 * * * * *");
    assertMessage("hour field '24'", "0 24 * * *");
    assertMessage("day-of-month field '0'", "0 0 0 * *");
    assertMessage("month field '13'", "0 0 1 13 *");
    assertMessage("day-of-week field '8'", "0 0 * * 8");
    assertMessage("minute field '*/0': the step must be 1..60", "*/0 * * * *");
    assertMessage("hour field '*/25'", "0 */25 * * *");
    assertMessage("minute field 'x'", "x * * * *");
    assertMessage("minute field '5-3': the range 5-3 runs backwards", "5-3 * * * *");
    assertMessage("minute field '1,,2'", "1,,2 * * * *");
    assertMessage("month field '*/'", "0 0 1 */ *");
    assertMessage("day-of-week field 'MON'", "0 0 * * MON");
  }

  private static void assertMessage(String expected, String expression) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(expression));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void nextCrossesMinuteHourDayMonthAndYearBoundaries() {
    assertEquals(at("2026-03-01T00:01:00Z"), next("* * * * *", "2026-03-01T00:00:59.999Z"));
    assertEquals(at("2026-03-01T01:00:00Z"), next("0 * * * *", "2026-03-01T00:00:00Z"));
    assertEquals(at("2026-03-02T00:30:00Z"), next("30 0 * * *", "2026-03-01T00:30:00Z"));
    assertEquals(at("2026-03-01T00:00:00Z"), next("0 0 1 * *", "2026-02-01T00:00:00Z"));
    assertEquals(at("2027-01-01T00:00:00Z"), next("0 0 1 1 *", "2026-01-01T00:00:00Z"));
    assertEquals(at("2028-02-29T12:00:00Z"), next("0 12 29 2 *", "2026-03-01T00:00:00Z"));
    assertEquals(at("2026-04-30T00:00:00Z"), next("0 0 30,31 4 *", "2026-01-01T00:00:00Z"));
  }

  @Test
  void nextIsStrictlyAfter() {
    Instant firing = at("2026-01-01T10:00:00Z");
    assertEquals(at("2026-01-02T10:00:00Z"), CronSchedule.parse("0 10 * * *").next(firing));
  }

  /** Vixie cron: both restricted, either matches; else (one starts with *) both must. */
  @Test
  void dayOfMonthAndDayOfWeekFollowVixieCron() {
    // 2026-01-01 is a Thursday. Both restricted: the 13th OR any Friday.
    CronSchedule either = CronSchedule.parse("0 0 13 * 5");
    assertEquals(at("2026-01-02T00:00:00Z"), either.next(at("2026-01-01T00:00:00Z")));
    assertEquals(at("2026-01-09T00:00:00Z"), either.next(at("2026-01-02T00:00:00Z")));
    assertEquals(at("2026-01-13T00:00:00Z"), either.next(at("2026-01-09T00:00:00Z")));
    // Day-of-week only (day-of-month *): Sundays, written 0 or 7.
    assertEquals(at("2026-01-04T00:00:00Z"), next("0 0 * * 0", "2026-01-01T00:00:00Z"));
    assertEquals(at("2026-01-04T00:00:00Z"), next("0 0 * * 7", "2026-01-01T00:00:00Z"));
    // Day-of-month only.
    assertEquals(at("2026-01-13T00:00:00Z"), next("0 0 13 * *", "2026-01-01T00:00:00Z"));
    // A day-of-week beginning with * is not restricted: both must match (a 13th on
    // Sun/Tue/Thu/Sat).
    assertEquals(at("2026-06-13T00:00:00Z"), next("0 0 13 * */2", "2026-01-14T00:00:00Z"));
    // Weekdays at 09:30.
    assertEquals(at("2026-01-05T09:30:00Z"), next("30 9 * * 1-5", "2026-01-02T10:00:00Z"));
  }

  @Test
  void aScheduleThatNeverFiresHasNoNext() {
    assertNull(next("0 0 30 2 *", "2026-01-01T00:00:00Z"));
  }

  @Test
  void sixFieldsFireEverySecond() {
    CronSchedule every = CronSchedule.parse("*/1 * * * * *");
    Instant t = at("2026-12-31T23:59:58.250Z");
    t = every.next(t);
    assertEquals(at("2026-12-31T23:59:59Z"), t);
    t = every.next(t);
    assertEquals(at("2027-01-01T00:00:00Z"), t);
    assertEquals(at("2027-01-01T00:00:01Z"), every.next(t));
    assertEquals(at("2026-01-01T00:00:10Z"), next("10-20/5 * * * * *", "2026-01-01T00:00:00Z"));
    assertEquals(at("2026-01-01T00:01:10Z"), next("10-20/5 * * * * *", "2026-01-01T00:00:20Z"));
  }

  @Test
  void aCronTriggerCarriesItsScheduleAndInput() {
    byte[] input = "tick".getBytes(StandardCharsets.UTF_8);
    String text = GrantTrigger.cron("*/1  * * * * *", input);
    assertEquals("cron:*/1 * * * * *#dGljaw", text);
    GrantTrigger trigger = GrantTrigger.parse(text);
    assertTrue(trigger.isCron());
    assertArrayEquals(input, trigger.input());
    assertEquals("*/1 * * * * *", trigger.schedule().expression());
    assertArrayEquals(
        new byte[0], GrantTrigger.parse(GrantTrigger.cron("0 * * * *", null)).input());
    assertTrue(GrantTrigger.parse("cron:61 * * * *").problem().contains("minute field '61'"));
    assertTrue(GrantTrigger.parse("cron:* * * * *#!!").problem().contains("base64url"));
    assertThrows(
        IllegalArgumentException.class, () -> GrantTrigger.cron("* * * * *", new byte[400]));
    assertTrue(GrantTrigger.parse("webhook:x").problem().contains("unknown trigger kind"));
  }
}
