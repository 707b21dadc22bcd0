package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** InvokeOptions.withLogs asks for the function's logs; the fake broker gives them to owners. */
class FunctionLogsTest extends ClientFixture {
  private static final InvokeOptions LOGS = InvokeOptions.defaults().withLogs(true);

  @Test
  void theOwnerAskingGetsTheLogsSyncAsyncAndOnLookup() throws Exception {
    deploy("upper");

    InvocationResult sync = client.invoke("upper", utf8("abc"), LOGS);
    InvocationResult async = client.invokeAsync("upper", utf8("abcd"), LOGS).join();

    assertEquals("ran upper on 3 bytes\n", sync.logs());
    assertEquals("ran upper on 4 bytes\n", async.logs());
    assertEquals("ran upper on 3 bytes\n", client.invocation(sync.invocationId()).logs());
  }

  @Test
  void notAskingGetsNoLogs() throws Exception {
    deploy("upper");

    assertNull(client.invoke("upper", utf8("abc"), InvokeOptions.defaults()).logs());
    assertNull(client.invokeAsync("upper", utf8("abc"), InvokeOptions.defaults()).join().logs());
  }

  @Test
  void anotherConsumerAskingGetsNone() throws Exception {
    deploy("upper");
    Identity bob = market.ca.enroll("bob", Role.CONSUMER);
    ledger.register(bob);
    ledger.books.credit(bob.id(), 1_000_000);
    try (EdgeMarket bobs =
        EdgeMarket.builder()
            .broker(broker.uri())
            .identity(bob)
            .trustRoot(market.ca.certificate())
            .timeout(Duration.ofSeconds(5))
            .build()) {
      InvocationResult result = bobs.invoke(market.consumer.id() + "/upper", utf8("abc"), LOGS);

      assertEquals(InvocationResult.Status.OK, result.status());
      assertNull(result.logs());
    }
  }

  @Test
  void optionsKeepTheChoiceThroughTheirOtherWithers() {
    InvokeOptions options = LOGS.withMaxPrice(5).withInvocationId("x");

    assertEquals(true, options.logs());
    assertEquals(false, InvokeOptions.defaults().logs());
    assertEquals(false, new InvokeOptions(5, "x").logs());
  }
}
