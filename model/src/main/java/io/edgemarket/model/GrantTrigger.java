package io.edgemarket.model;

import io.edgemarket.model.crypto.Crypto;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What may fire a {@link Grant}, as the grant's {@code trigger} text {@code kind:spec}. Built:
 * {@link #ROUTE}, {@code route:<name>#<sha256 hex of the route key>}, the HTTP route {@code POST
 * /run/<consumer>/<name>} answered for whoever presents the key (the ledger keeps only the key's
 * hash, so reading the ledger does not let anyone call the route); and {@link #CRON}, {@code
 * cron:<expression>[#<base64url input>]}, a {@link CronSchedule} the broker fires on with that
 * input (empty when absent; the consumer signs it with the grant, and whoever may read the grant
 * reads it); {@link #MQTT}, {@code mqtt:<tcp|ssl>://<host>:<port>#<topic filter>}, each message
 * published on a topic the filter matches at that MQTT broker firing the grant once with the
 * message's payload as input; and {@link #CHAIN}, {@code chain:<upstream function id>:<condition>},
 * a step fired with the output of the consumer's own OK runs of the upstream function that meet the
 * {@link ChainCondition} (docs/triggers.md).
 */
public record GrantTrigger(String kind, String spec) {
  public static final String ROUTE = "route";
  public static final String MQTT = "mqtt";
  public static final String CRON = "cron";
  public static final String CHAIN = "chain";

  /** The longest trigger text the ledger accepts. */
  public static final int MAX_LENGTH = 512;

  /** A route's name: what may follow {@code /run/<consumer>/}. */
  public static final Pattern ROUTE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final Pattern UPSTREAM_OWNER = Pattern.compile("[^\\s/]{1,200}");

  /** The longest MQTT topic filter a trigger may name. */
  public static final int MAX_TOPIC_LENGTH = 256;

  /** An MQTT broker's URL: tcp or ssl, a host name, IPv4 or [IPv6] address, and a port. */
  public static final Pattern MQTT_URL =
      Pattern.compile(
          "(tcp|ssl)://([A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}]):([0-9]{1,5})");

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Splits {@code kind:spec}; IllegalArgumentException when there is no kind. */
  public static GrantTrigger parse(String trigger) {
    int colon = trigger == null ? -1 : trigger.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("a trigger is kind:spec, got " + trigger);
    }
    return new GrantTrigger(trigger.substring(0, colon), trigger.substring(colon + 1));
  }

  /** The trigger of route {@code name} called with {@code key}. */
  public static String route(String name, String key) {
    if (name == null || !ROUTE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a route name must match " + ROUTE_NAME.pattern());
    }
    return ROUTE + ":" + name + "#" + keyHash(key);
  }

  /**
   * The trigger of schedule {@code expression} firing with {@code input} (null or empty: none);
   * IllegalArgumentException when the expression does not parse or the text would exceed {@link
   * #MAX_LENGTH}.
   */
  public static String cron(String expression, byte[] input) {
    String trigger = CRON + ":" + CronSchedule.parse(expression).expression();
    if (input != null && input.length > 0) {
      trigger += "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(input);
    }
    if (trigger.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a schedule's trigger, input included (base64), is at most "
              + MAX_LENGTH
              + " characters; this one is "
              + trigger.length());
    }
    return trigger;
  }

  /**
   * The trigger of a chain step after {@code upstreamFunctionId} when its output meets {@code
   * condition}; IllegalArgumentException when either is malformed or the text would exceed {@link
   * #MAX_LENGTH}.
   */
  public static String chain(String upstreamFunctionId, String condition) {
    String trigger = CHAIN + ":" + upstreamFunctionId + ":" + condition;
    String problem = new GrantTrigger(CHAIN, trigger.substring(CHAIN.length() + 1)).problem();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return trigger;
  }

  /**
   * The trigger of the messages published at the MQTT broker {@code brokerUrl} ({@code
   * tcp://host:port} or {@code ssl://host:port}) on topics matching {@code topic} (an MQTT topic
   * filter: {@code +} and {@code #} only as whole levels, {@code #} last); IllegalArgumentException
   * when either is malformed.
   */
  public static String mqtt(String brokerUrl, String topic) {
    String trigger = MQTT + ":" + brokerUrl + "#" + topic;
    String problem = parse(trigger).problem();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (trigger.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "an MQTT trigger, URL and topic, is at most " + MAX_LENGTH + " characters");
    }
    return trigger;
  }

  /** A fresh route key: 32 random bytes, base64url without padding (43 characters). */
  public static String newRouteKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** The hex SHA-256 of a route key, as its trigger holds it. */
  public static String keyHash(String key) {
    return Crypto.sha256Hex(key.getBytes(StandardCharsets.UTF_8));
  }

  /** Why this is not a trigger the ledger accepts now, or null when it is. */
  public String problem() {
    if (CRON.equals(kind)) {
      return cronProblem();
    }
    if (CHAIN.equals(kind)) {
      return chainProblem();
    }
    if (MQTT.equals(kind)) {
      return mqttProblem();
    }
    if (!ROUTE.equals(kind)) {
      return "unknown trigger kind " + kind;
    }
    int hash = spec.lastIndexOf('#');
    if (hash < 0
        || !ROUTE_NAME.matcher(spec.substring(0, hash)).matches()
        || !HASH.matcher(spec.substring(hash + 1)).matches()) {
      return "a route trigger is route:<name>#<sha256 hex of its key>, name matching "
          + ROUTE_NAME.pattern();
    }
    return null;
  }

  private String cronProblem() {
    try {
      schedule();
      input();
      return null;
    } catch (IllegalArgumentException e) {
      return "a schedule trigger is cron:<expression>[#<base64url input>]: " + e.getMessage();
    }
  }

  private String chainProblem() {
    String syntax = "a chain trigger is chain:<upstream function id>:<condition>";
    if (CHAIN.length() + 1 + spec.length() > MAX_LENGTH) {
      return syntax + " of at most " + MAX_LENGTH + " characters in all";
    }
    int colon = upstreamEnd();
    String upstream = colon < 0 ? spec : spec.substring(0, colon);
    int slash = upstream.indexOf('/');
    if (colon < 0
        || slash <= 0
        || !UPSTREAM_OWNER.matcher(upstream.substring(0, slash)).matches()
        || !ROUTE_NAME.matcher(upstream.substring(slash + 1)).matches()) {
      return syntax + ", the upstream function id being <owner>/<name>, got " + spec;
    }
    try {
      ChainCondition.parse(spec.substring(colon + 1));
      return null;
    } catch (IllegalArgumentException e) {
      return syntax + ": " + e.getMessage();
    }
  }

  // A function's name has no ':', so the upstream id ends at the first ':' after its '/'.
  private int upstreamEnd() {
    int slash = spec.indexOf('/');
    return slash < 0 ? -1 : spec.indexOf(':', slash);
  }

  public boolean isChain() {
    return CHAIN.equals(kind) && problem() == null;
  }

  /** The upstream function id of a well-formed chain trigger. */
  public String upstream() {
    return spec.substring(0, upstreamEnd());
  }

  /** The condition of a well-formed chain trigger. */
  public ChainCondition condition() {
    return ChainCondition.parse(spec.substring(upstreamEnd() + 1));
  }

  private String mqttProblem() {
    int hash = spec.indexOf('#');
    String url = hash < 0 ? spec : spec.substring(0, hash);
    Matcher m = MQTT_URL.matcher(url);
    if (hash < 0 || !m.matches() || !port(m.group(3))) {
      return "an MQTT trigger is mqtt:<tcp|ssl>://<host>:<port>#<topic filter>, port 1-65535, got "
          + MQTT
          + ":"
          + spec;
    }
    String why = topicProblem(spec.substring(hash + 1));
    return why == null ? null : "an MQTT trigger's topic filter " + why;
  }

  private static boolean port(String digits) {
    int port = Integer.parseInt(digits);
    return port >= 1 && port <= 65535;
  }

  /** Why {@code topic} is no MQTT topic filter this trigger accepts, or null. */
  static String topicProblem(String topic) {
    if (topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
      return "must be 1-" + MAX_TOPIC_LENGTH + " characters";
    }
    if (topic.indexOf('\0') >= 0) {
      return "may not contain NUL";
    }
    String[] levels = topic.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if ((level.contains("+") || level.contains("#"))
          && !level.equals("+")
          && !level.equals("#")) {
        return "'" + topic + "' may use + and # only as whole levels";
      }
      if (level.equals("#") && i != levels.length - 1) {
        return "'" + topic + "' may use # only as its last level";
      }
    }
    return null;
  }

  public boolean isMqtt() {
    return MQTT.equals(kind) && problem() == null;
  }

  /** The MQTT broker's URL of an MQTT trigger, e.g. {@code tcp://127.0.0.1:1883}. */
  public String mqttUrl() {
    return spec.substring(0, spec.indexOf('#'));
  }

  /** The topic filter of an MQTT trigger (it may itself hold {@code #}). */
  public String topic() {
    return spec.substring(spec.indexOf('#') + 1);
  }

  public boolean isCron() {
    return CRON.equals(kind) && problem() == null;
  }

  /** The schedule of a cron trigger; IllegalArgumentException when it does not parse. */
  public CronSchedule schedule() {
    int hash = spec.indexOf('#');
    return CronSchedule.parse(hash < 0 ? spec : spec.substring(0, hash));
  }

  /** The input a cron trigger fires with (empty when it names none). */
  public byte[] input() {
    int hash = spec.indexOf('#');
    if (hash < 0) {
      return new byte[0];
    }
    try {
      return Base64.getUrlDecoder().decode(spec.substring(hash + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the input after # is not base64url");
    }
  }

  public boolean isRoute() {
    return ROUTE.equals(kind) && problem() == null;
  }

  /** The route's name; only for a well-formed route trigger. */
  public String routeName() {
    return spec.substring(0, spec.lastIndexOf('#'));
  }

  /** Whether {@code key} is this route's key, compared in constant time (by its hash). */
  public boolean acceptsKey(String key) {
    if (key == null || !isRoute()) {
      return false;
    }
    byte[] expected = spec.substring(spec.lastIndexOf('#') + 1).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, keyHash(key).getBytes(StandardCharsets.UTF_8));
  }
}
