package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.agent.cli.AgentMain;
import io.edgemarket.agent.cli.EnrollClient;
import io.edgemarket.broker.enroll.EnrollmentMessages;
import io.edgemarket.model.json.Json;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code ./edgemarket provider start} and the standalone {@code bin/edgemarket-agent start} take
 * the same options with the same defaults (the agent adds only {@code --config}), and the agent's
 * enrollment speaks the broker's JSON.
 */
class AgentParityTest {
  @Test
  void providerStartAndTheStandaloneAgentTakeTheSameOptions() {
    CommandSpec cli =
        EdgeMarketCli.commandLine(new EdgeMarketCli())
            .getSubcommands()
            .get("provider")
            .getSubcommands()
            .get("start")
            .getCommandSpec();
    CommandSpec agent =
        new CommandLine(
                new AgentMain(System.out, System.err, new ByteArrayInputStream(new byte[0])))
            .getSubcommands()
            .get("start")
            .getCommandSpec();
    Map<String, String> agentOptions = options(agent);
    assertEquals(Set.of("--config"), diff(agentOptions, options(cli)));
    agentOptions.remove("--config");
    assertEquals(options(cli), agentOptions);
  }

  @Test
  void theAgentsEnrollmentShapesAreTheBrokers() {
    var request = new EnrollClient.EnrollRequest("token", "erin", "PEM");
    assertEquals(
        Json.tree(Json.write(request)),
        Json.tree(Json.write(new EnrollmentMessages.EnrollRequest("token", "erin", "PEM"))));
    var answer =
        new EnrollmentMessages.Enrollment("cert", "ca", "EdgeMarketMSP", "erin@EdgeMarketMSP");
    assertEquals(
        new EnrollClient.Enrollment("cert", "ca", "EdgeMarketMSP", "erin@EdgeMarketMSP"),
        Json.read(Json.write(answer), EnrollClient.Enrollment.class));
  }

  /** Each option's name, label, default and description. */
  private static Map<String, String> options(CommandSpec spec) {
    Map<String, String> options = new TreeMap<>();
    for (OptionSpec option : spec.options()) {
      options.put(
          option.longestName(),
          option.paramLabel()
              + "|"
              + option.defaultValue()
              + "|"
              + String.join(" ", option.description()));
    }
    return options;
  }

  private static Set<String> diff(Map<String, String> a, Map<String, String> b) {
    Map<String, String> rest = new TreeMap<>(a);
    rest.keySet().removeAll(b.keySet());
    return rest.keySet();
  }
}
