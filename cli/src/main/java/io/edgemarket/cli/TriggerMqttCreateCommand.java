package io.edgemarket.cli;

import io.edgemarket.model.Grant;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.EdgeMarket;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket trigger mqtt create FUNCTION --mqtt-url URL --topic T --max-calls N}. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Run FUNCTION on each message published on an MQTT topic: the broker subscribes (QoS 1) to"
          + " --topic at the MQTT broker --mqtt-url and runs FUNCTION once per message, with the"
          + " message's payload (at most 1 MiB) as input, paid from your escrow as your own"
          + " invocations are. The ledger pays nothing beyond what you sign here: --max-calls"
          + " runs (required: a topic does not run unbounded), --max-spend in all,"
          + " --max-price-per-call each, for --days days (grants:PublishGrant). It runs the"
          + " version of FUNCTION registered now.",
      "A message redelivered by the MQTT broker (QoS 1, after a lost acknowledgement) is not run"
          + " twice. Whoever may publish on the topic spends your grant: protect the topic at the"
          + " MQTT broker (its users and ACLs), or use a route ('trigger route create') whose key"
          + " is the credential. 'up --mqtt' starts a local mosquitto and prints its URL.",
      "Prints the grant id. 'trigger list' shows its calls so far; 'trigger revoke GRANT_ID'"
          + " ends it at once (the broker unsubscribes). Exit code 2 when the ledger refuses"
          + " (e.g. NOT_FOUND: no such function)."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class TriggerMqttCreateCommand extends ClientCommand {
  @ParentCommand TriggerMqttCommand parent;
  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "FUNCTION",
      description = "One of your functions' names, or a full function id (owner/name).")
  String function;

  @Option(
      names = "--mqtt-url",
      required = true,
      paramLabel = "URL",
      description =
          "The MQTT broker, as the EdgeMarket broker reaches it: tcp://HOST:PORT or"
              + " ssl://HOST:PORT (e.g. tcp://127.0.0.1:1883).")
  String mqttUrl;

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "TOPIC",
      description =
          "An MQTT topic filter, at most 256 characters: + matches one level and # the rest,"
              + " each as a whole level, # last (e.g. 'sensors/+/temperature', 'plant/#').")
  String topic;

  @Option(
      names = "--max-calls",
      required = true,
      paramLabel = "N",
      description = "At most N runs are paid; the broker unsubscribes after them.")
  long maxCalls;

  @Mixin GrantLimitOptions limits;

  @Option(
      names = "--json",
      description =
          "Print only a JSON object: grantId, mqttUrl, topic, functionId, functionDigest,"
              + " maxCalls, maxSpend, maxPricePerCall, notBefore, notAfter (epoch ms).")
  boolean json;

  @Override
  EdgeMarketCli root() {
    return parent.parent.root;
  }

  @Override
  CommonOptions common() {
    return common;
  }

  @Override
  int run() throws Exception {
    Grant grant;
    try (EdgeMarket client = connect(Duration.ofSeconds(30))) {
      grant = client.createMqttTrigger(function, mqttUrl, topic, limits.with(maxCalls));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (json) {
      out().println(Json.write(TriggerJson.subscribed(grant)));
      return ExitCodes.OK;
    }
    out().println("grant       " + grant.grantId());
    out().println("mqtt        " + mqttUrl);
    out().println("topic       " + topic);
    TriggerJson.termLines(grant).forEach(out()::println);
    return ExitCodes.OK;
  }
}
