package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The launcher's logback.xml, in both formats, through the SLF4J API the modules log with. */
class LogFormatTest {
  private static final String BROKER = "io.edgemarket.broker.invoke.Attempts";

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void restoreTheDefaultConfiguration() throws Exception {
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void theJsonLayoutPrintsOneObjectPerLineWithTheInvocationId() throws Exception {
    List<String> lines =
        logged(
            "json",
            () -> {
              MDC.put("invocationId", "inv-42");
              try {
                LoggerFactory.getLogger(BROKER)
                    .warn("provider {} failed", "p1", new IllegalStateException("boom"));
              } finally {
                MDC.remove("invocationId");
              }
              LoggerFactory.getLogger(BROKER).info("between invocations");
            });
    assertEquals(2, lines.size(), String.join("\n", lines));
    JsonNode during = Json.tree(lines.get(0));
    assertEquals("WARN", during.get("level").asText());
    assertEquals(BROKER, during.get("loggerName").asText());
    assertEquals("provider p1 failed", during.get("formattedMessage").asText());
    assertEquals("inv-42", during.get("mdc").get("invocationId").asText());
    assertTrue(during.get("timestamp").asLong() > 0);
    assertEquals("boom", during.get("throwable").get("message").asText());
    JsonNode after = Json.tree(lines.get(1));
    assertEquals("between invocations", after.get("formattedMessage").asText());
    assertTrue(after.path("mdc").path("invocationId").isMissingNode());
  }

  @Test
  void theTextLayoutNamesTheInvocationOnlyWhileOneIsHandled() throws Exception {
    List<String> lines =
        logged(
            "text",
            () -> {
              MDC.put("invocationId", "inv-7");
              try {
                LoggerFactory.getLogger(BROKER).warn("provider p1 failed");
              } finally {
                MDC.remove("invocationId");
              }
              LoggerFactory.getLogger(BROKER).info("between invocations");
            });
    assertEquals(2, lines.size(), String.join("\n", lines));
    assertTrue(
        lines
            .get(0)
            .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN Attempts \\[inv-7] - provider p1 failed"),
        lines.get(0));
    assertTrue(
        lines.get(1).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO Attempts - between invocations"),
        lines.get(1));
  }

  @Test
  void theWebServerOnlySpeaksUpWhenSomethingIsWrong() throws Exception {
    List<String> lines =
        logged(
            "text",
            () -> {
              LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("Started");
              LoggerFactory.getLogger("io.javalin.Javalin").info("Listening");
              LoggerFactory.getLogger("org.eclipse.jetty.server.Server").warn("port taken");
            });
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertFalse(lines.get(0).contains("Started"));
    assertTrue(lines.get(0).endsWith("WARN Server - port taken"), lines.get(0));
  }

  /** Configures logging from the launcher's logback.xml in FORMAT and captures stderr. */
  private List<String> logged(String format, Runnable logging) throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      context.reset();
      context.putProperty("edgemarket.log.format", format);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      logging.run();
    } finally {
      System.setErr(stderr);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
