package io.edgemarket.agent;

import io.edgemarket.agent.link.BrokerLink;
import io.edgemarket.agent.link.Cancellation;
import io.edgemarket.agent.link.LinkWork;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.link.LinkFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Invocations that arrive on the agent link, run exactly as {@code POST /invoke} runs them: the
 * same checks, slots, sandbox and receipts, with the answer's status and problem details in a frame
 * instead of an HTTP response. The link is authenticated once, at its handshake, as a broker of
 * this market; so each frame needs no signature of its own.
 */
final class LinkInvocations implements LinkWork {
  private static final Logger LOG = LoggerFactory.getLogger(LinkInvocations.class);
  private static final String INVOCATION_ID = "invocationId";

  private final InvocationRunner invoker;
  private final ReceiptJournal journal;
  private final Faults faults;
  private final Supplier<BrokerLink> link;

  LinkInvocations(
      InvocationRunner invoker, ReceiptJournal journal, Faults faults, Supplier<BrokerLink> link) {
    this.invoker = invoker;
    this.journal = journal;
    this.faults = faults;
    this.link = link;
  }

  @Override
  public LinkFrame run(String id, InvokeRequest request) {
    return run(id, request, Cancellation.none());
  }

  @Override
  public LinkFrame run(String id, InvokeRequest request, Cancellation cancel) {
    if (request.ticket() != null) {
      // Every line logged while handling it carries the invocation (see cli's logback.xml).
      MDC.put(INVOCATION_ID, request.ticket().invocationId());
    }
    if (faults.dropsLink()) {
      CompletableFuture.runAsync(
          () -> link.get().abort(),
          CompletableFuture.delayedExecutor(Faults.DROP_AFTER_MILLIS, TimeUnit.MILLISECONDS));
    }
    try {
      InvokeResponse response = invoker.invoke(request, cancel);
      faults.holdAnswer();
      if (cancel.cancelled() && response.receipt() != null) {
        // Signed, but the broker has not heard it and no longer wants it: never owed, not kept.
        journal.drop(List.of(response.receipt().sequence()));
        return LinkFrame.error(
            id, 409, ErrorCodes.CANCELLED, "cancelled by the broker before its answer left");
      }
      return LinkFrame.result(id, response);
    } catch (AgentException e) {
      if (e.isAgentFault()) {
        LOG.warn("invocation failed on this agent: {}", e.getMessage(), e.getCause());
      } else {
        LOG.debug("invocation refused: {} {}", e.status(), e.getMessage());
      }
      return LinkFrame.error(id, e.status(), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("invocation failed on this agent", e);
      return LinkFrame.error(id, 500, ErrorCodes.INTERNAL, "internal error");
    } finally {
      MDC.remove(INVOCATION_ID);
    }
  }

  @Override
  public LinkFrame collect(String id, long after) {
    ReceiptJournal.Page page =
        journal.page(after, LinkFrame.RECEIPTS_PER_FRAME, LinkFrame.OUTPUT_BYTES_PER_FRAME);
    return LinkFrame.receipts(id, page.receipts(), page.outputs());
  }

  @Override
  public void settled(List<Long> sequences) {
    journal.drop(sequences);
  }
}
