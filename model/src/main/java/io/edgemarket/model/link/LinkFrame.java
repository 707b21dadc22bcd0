package io.edgemarket.model.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Statement;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.api.Limits;
import java.util.List;

/**
 * One JSON text message on the agent link. {@code type} says which fields are set; the others are
 * absent. Invocations and their answers share a correlation {@code id}, chosen by the broker, so
 * that many may be in flight on one link and answered in any order.
 *
 * <p>Handshake, each with a {@code handshake} part: {@code hello} (agent: version, nonce), {@code
 * challenge} (broker: version, nonce, certificate, signature), {@code proof} (agent: certificate,
 * signature), {@code welcome} (broker: providerId). Then {@code invoke} (broker: id, request),
 * {@code result} (agent: id, response), {@code error} (agent: id, error: status, code, message; the
 * status is what the agent would have answered over HTTP: 400 refused, 503 busy, 5xx its own fault)
 * and {@code heartbeat} (agent: heartbeat).
 *
 * <p>Re-collection (issue 11): {@code collect} (broker: id, after) asks for the receipts the agent
 * still keeps with a sequence above {@code after}, oldest first; {@code receipts} (agent: id,
 * receipts, outputs) answers with at most {@link #RECEIPTS_PER_FRAME} of them and the outputs it
 * still keeps of their runs ({@link KeptOutput}, at most {@link #OUTPUT_BYTES_PER_FRAME} bytes in
 * all: a page is cut short rather than made larger; an empty page says there are no more); {@code
 * settled} (broker: sequences) names receipts the agent may forget, because the broker holds them
 * durably or has decided on them for good.
 *
 * <p>Hedging (issue 12): {@code cancel} (broker: id) says the invocation sent under {@code id} was
 * answered by another provider first: the agent stops it if it still runs (or drops the receipt of
 * a run whose answer it has not sent yet) and answers the invoke with an {@code error} frame of
 * status 409, code {@code CANCELLED}, no receipt. One for an invocation already answered, or
 * unknown, is ignored: the broker then discards that answer and names its receipt in a {@code
 * settled} frame (decided on: never to be paid). Added in version 3, before its release.
 *
 * <p>Latency (issue 12): {@code ping} (broker: id) every few seconds, answered at once by {@code
 * pong} (agent: id); the broker's placement weighs the round trip.
 *
 * <p>Statements (issue 11): {@code statement} (agent: statement) is the agent's one signature over
 * the receipts it signed lately ({@link Statement#RECEIPTS}); the broker sends it with the batches
 * that settle them, and the ledger then verifies it instead of each receipt's signature.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinkFrame(
    String type,
    String id,
    Handshake handshake,
    InvokeRequest request,
    InvokeResponse response,
    Heartbeat heartbeat,
    Problem error,
    Long after,
    List<Receipt> receipts,
    List<Long> sequences,
    List<KeptOutput> outputs,
    Statement statement) {

  public static final String HELLO = "hello";
  public static final String CHALLENGE = "challenge";
  public static final String PROOF = "proof";
  public static final String WELCOME = "welcome";
  public static final String INVOKE = "invoke";
  public static final String RESULT = "result";
  public static final String ERROR = "error";
  public static final String HEARTBEAT = "heartbeat";
  public static final String COLLECT = "collect";
  public static final String RECEIPTS = "receipts";
  public static final String SETTLED = "settled";
  public static final String PING = "ping";
  public static final String PONG = "pong";
  public static final String STATEMENT = "statement";
  public static final String CANCEL = "cancel";

  /** At most this many receipts in one {@code receipts} frame (about 2.5 KB each). */
  public static final int RECEIPTS_PER_FRAME = 128;

  /**
   * At most this many bytes of outputs in one {@code receipts} frame: with base64 and the receipts
   * it stays within the frame size both ends accept.
   */
  public static final long OUTPUT_BYTES_PER_FRAME = Limits.MAX_PAYLOAD_BYTES;

  /** The handshake's fields; see {@link LinkHandshake}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Handshake(
      Integer version, String nonce, String certificate, String signature, String providerId) {}

  /** Why the agent did not run an invocation: its HTTP status, error code and message. */
  public record Problem(int status, String code, String message) {}

  public static LinkFrame hello(String nonce) {
    return handshake(HELLO, new Handshake(LinkHandshake.VERSION, nonce, null, null, null));
  }

  public static LinkFrame challenge(String nonce, String certificatePem, String signature) {
    return handshake(
        CHALLENGE, new Handshake(LinkHandshake.VERSION, nonce, certificatePem, signature, null));
  }

  public static LinkFrame proof(String certificatePem, String signature) {
    return handshake(PROOF, new Handshake(null, null, certificatePem, signature, null));
  }

  public static LinkFrame welcome(String providerId) {
    return handshake(WELCOME, new Handshake(null, null, null, null, providerId));
  }

  public static LinkFrame invoke(String id, InvokeRequest request) {
    return new LinkFrame(INVOKE, id, null, request, null, null, null, null, null, null, null, null);
  }

  public static LinkFrame result(String id, InvokeResponse response) {
    return new LinkFrame(
        RESULT, id, null, null, response, null, null, null, null, null, null, null);
  }

  public static LinkFrame error(String id, int status, String code, String message) {
    return new LinkFrame(
        ERROR,
        id,
        null,
        null,
        null,
        null,
        new Problem(status, code, message),
        null,
        null,
        null,
        null,
        null);
  }

  public static LinkFrame heartbeat(Heartbeat heartbeat) {
    return new LinkFrame(
        HEARTBEAT, null, null, null, null, heartbeat, null, null, null, null, null, null);
  }

  /** Asks for the receipts the agent keeps with a sequence above {@code after}. */
  public static LinkFrame collect(String id, long after) {
    return new LinkFrame(COLLECT, id, null, null, null, null, null, after, null, null, null, null);
  }

  /** The agent's answer to {@code collect}: its oldest kept receipts above the cursor. */
  public static LinkFrame receipts(String id, List<Receipt> receipts, List<KeptOutput> outputs) {
    return new LinkFrame(
        RECEIPTS, id, null, null, null, null, null, null, receipts, null, outputs, null);
  }

  /** Receipts (by sequence) the broker holds durably or has decided on: the agent forgets them. */
  public static LinkFrame settled(List<Long> sequences) {
    return new LinkFrame(
        SETTLED, null, null, null, null, null, null, null, null, sequences, null, null);
  }

  /** Tells the agent to stop the invocation sent under {@code id}: another answered first. */
  public static LinkFrame cancel(String id) {
    return new LinkFrame(CANCEL, id, null, null, null, null, null, null, null, null, null, null);
  }

  /** Asks the agent to answer at once: the round trip is the link's latency (issue 12). */
  public static LinkFrame ping(String id) {
    return new LinkFrame(PING, id, null, null, null, null, null, null, null, null, null, null);
  }

  /** The agent's answer to {@code ping}, sent from the thread that read it. */
  public static LinkFrame pong(String id) {
    return new LinkFrame(PONG, id, null, null, null, null, null, null, null, null, null, null);
  }

  /** The agent's statement over receipts it signed lately. */
  public static LinkFrame statement(Statement statement) {
    return new LinkFrame(
        STATEMENT, null, null, null, null, null, null, null, null, null, null, statement);
  }

  /** The handshake part, never null (empty when the frame has none). */
  public Handshake shake() {
    return handshake == null ? new Handshake(null, null, null, null, null) : handshake;
  }

  private static LinkFrame handshake(String type, Handshake handshake) {
    return new LinkFrame(
        type, null, handshake, null, null, null, null, null, null, null, null, null);
  }
}
