package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Grant;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationListing;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.SignInLink;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer's connection to an EdgeMarket broker, in the style of Fabric's {@code Gateway}: build
 * one per identity, share it between threads, close it when done.
 *
 * <pre>{@code
 * try (EdgeMarket market = EdgeMarket.builder().broker(uri).identity(me).build()) {
 *   market.deploy("echo", wasm, DeployOptions.defaults());
 *   InvocationResult result = market.invoke("echo", input, InvokeOptions.defaults());
 * }
 * }</pre>
 *
 * <p>Every answer about an invocation is verified before it is returned: the receipt must be for
 * this client's own signed ticket, its output digest must match the output received, its amount
 * must be what its metered usage costs and no more than the ticket allowed. With a {@linkplain
 * Builder#trustRoot trust root}, the provider's signature is checked too, against the provider's
 * certificate as registered on the ledger.
 */
public interface EdgeMarket extends AutoCloseable {

  static Builder builder() {
    return new ClientBuilder();
  }

  /** The identity every request and ticket of this client is signed with. */
  Identity identity();

  /** Uploads the module, then registers it on the ledger under {@code name}, owned by us. */
  FunctionSpec deploy(String name, byte[] wasm, DeployOptions options) throws DeployException;

  /**
   * Deploys a container image (runtime {@code oci}): checks that {@code imageTar} is what {@code
   * docker save} writes (a tar with {@code manifest.json} at its top level, at most 512 MiB),
   * streams it to the broker without reading it into memory, then registers it on the ledger under
   * {@code name}, pinned to the SHA-256 of the tar. It runs on providers whose offers list runtime
   * {@code oci}; the image's entrypoint reads the input on stdin and writes the output on stdout.
   *
   * @throws IllegalArgumentException when the file is not an image tar or is too large
   * @throws IOException when the file cannot be read
   */
  default FunctionSpec deployImage(String name, Path imageTar, DeployOptions options)
      throws DeployException, IOException {
    return deployImage(name, imageTar, options, UploadProgress.NONE);
  }

  /** As {@link #deployImage(String, Path, DeployOptions)}, reporting upload progress. */
  FunctionSpec deployImage(
      String name, Path imageTar, DeployOptions options, UploadProgress progress)
      throws DeployException, IOException;

  /**
   * Runs a function and waits for its verified result. {@code functionName} is one of our own
   * functions' names, or a full function id ({@code owner/name}). A result with status
   * FUNCTION_ERROR is returned, not thrown: the function ran, failed, and its usage is paid.
   *
   * @throws InvocationException when no provider ran it (FAILED), the broker refused it, or the
   *     answer did not verify
   */
  InvocationResult invoke(String functionName, byte[] input, InvokeOptions options)
      throws InvocationException;

  /**
   * Submits an invocation without holding a connection open while it runs, then polls for its
   * result. The future fails with an {@link InvocationException} under the same conditions as
   * {@link #invoke}.
   */
  CompletableFuture<InvocationResult> invokeAsync(
      String functionName, byte[] input, InvokeOptions options);

  /**
   * The broker's current state of an invocation (status may be PENDING), verified if finished; with
   * the function's logs when this identity owns the function and the broker still keeps them.
   */
  InvocationResult invocation(String invocationId) throws QueryException;

  /** This identity's functions as the ledger has them now (the latest registration of each). */
  List<FunctionSpec> functions() throws QueryException;

  /**
   * One function with every version the ledger keeps (oldest first). {@code functionName} is one of
   * our own names or a full id ({@code owner/name}); unknown is code {@code NOT_FOUND}.
   */
  FunctionDetails function(String functionName) throws QueryException;

  /**
   * Retires one of our functions ({@code functions:RetireFunction}): the broker refuses new
   * invocations of it with {@code FUNCTION_RETIRED} (within 5 s), while runs already under way
   * finish and settle. Deploying the name again makes it live. Returns the retired record ({@link
   * FunctionSpec#retiredAt()} set).
   *
   * @throws DeployException code {@code NOT_FOUND} (no such function), {@code FORBIDDEN} (not ours)
   *     or {@code FUNCTION_RETIRED} (already retired)
   */
  FunctionSpec retire(String functionName) throws DeployException;

  /**
   * Opens an HTTP route for one of our functions (or any function we may call, by full id) on this
   * client's broker: signs a grant ({@code grants:PublishGrant}) that lets the broker run it for
   * whoever presents the route's key, paid from our escrow within {@code options}, and returns the
   * URL and the key (issue 12, docs/triggers.md). The key exists only in the answer: the ledger
   * keeps its SHA-256. Runs the version registered now.
   *
   * @throws DeployException when the function is unknown ({@code NOT_FOUND}) or retired, or the
   *     ledger refuses the grant
   * @throws IllegalArgumentException when {@code routeName} is not 1-64 of {@code [A-Za-z0-9._-]}
   *     starting alphanumeric
   */
  RouteGrant createRoute(String functionName, String routeName, RouteOptions options)
      throws DeployException;

  /**
   * Schedules one of our functions (or any function we may call, by full id) on this client's
   * broker: signs a grant ({@code grants:PublishGrant}) whose trigger is the cron {@code
   * expression} ({@link io.edgemarket.model.CronSchedule}: 5 fields, or 6 with a leading second;
   * UTC), so the broker runs it with {@code input} (null: empty) at each firing, paid from our
   * escrow within {@code options}. A firing missed while the broker is down is skipped. Runs the
   * version registered now; returns the grant as published.
   *
   * @throws DeployException when the function is unknown ({@code NOT_FOUND}) or retired, or the
   *     ledger refuses the grant (e.g. {@code BAD_REQUEST}: the schedule never fires in its window)
   * @throws IllegalArgumentException when the expression does not parse (the message names the
   *     field) or the input makes the trigger longer than 512 characters
   */
  Grant createSchedule(String functionName, String expression, byte[] input, RouteOptions options)
      throws DeployException;

  /**
   * Chains one of our functions (or any function we may call, by full id) after {@code
   * upstreamFunctionName} (ours, or a full id) on this client's broker: signs a grant ({@code
   * grants:PublishGrant}) whose trigger is {@code chain:<upstream id>:<condition>}, so each run of
   * the upstream function that is ours (our own invocations, and runs fired under our other
   * grants), ends OK and whose output meets {@code condition} ({@link
   * io.edgemarket.model.ChainCondition}: {@code always}, {@code nonEmpty}, {@code contains:<text>},
   * {@code json:<pointer>=<value>}) runs the function with that output as input, paid from our
   * escrow within {@code options}, with its own ticket and receipt. Steps are at most 8 deep. Runs
   * the version registered now; returns the grant as published.
   *
   * @throws DeployException when either function is unknown ({@code NOT_FOUND}) or retired, or the
   *     ledger refuses the grant
   * @throws IllegalArgumentException when the condition does not parse or the trigger would be
   *     longer than 512 characters
   */
  Grant createChain(
      String functionName, String upstreamFunctionName, String condition, RouteOptions options)
      throws DeployException;

  /**
   * Runs one of our functions (or any function we may call, by full id) on each message published
   * on a topic matching {@code topic} (an MQTT topic filter) at the MQTT broker {@code mqttUrl}
   * ({@code tcp://host:port} or {@code ssl://host:port}): signs a grant ({@code
   * grants:PublishGrant}) whose trigger names both, so this client's broker subscribes (QoS 1) and
   * runs the function once per message with its payload as input, paid from our escrow within
   * {@code options}. Runs the version registered now; returns the grant as published.
   *
   * @throws DeployException when the function is unknown ({@code NOT_FOUND}) or retired, or the
   *     ledger refuses the grant
   * @throws IllegalArgumentException when the URL is not tcp or ssl with a host and port, or the
   *     topic filter is malformed ({@code +} and {@code #} only as whole levels, {@code #} last)
   */
  Grant createMqttTrigger(String functionName, String mqttUrl, String topic, RouteOptions options)
      throws DeployException;

  /** Our grants (routes) as the ledger holds them, with what was paid under each so far. */
  List<Records.GrantStatus> grants() throws QueryException;

  /**
   * Revokes one of our grants ({@code grants:RevokeGrant}): its route stops at once (the broker
   * hears of it when the transaction commits), and the ledger pays nothing more under it, not even
   * for runs already under way.
   *
   * @throws DeployException code {@code NOT_FOUND}, {@code FORBIDDEN} (not ours) or {@code
   *     GRANT_REVOKED} (already revoked)
   */
  Records.GrantStatus revokeGrant(String grantId) throws DeployException;

  /**
   * This identity's invocations the broker still knows (every consumer's for an auditor), newest
   * ticket first, at most 1000 ({@link InvocationListing#truncated()} when more matched): only
   * {@code functionName}'s (one of ours, or a full id) when not null, only tickets issued at or
   * after {@code since} when not null. The statuses are the broker's word, not verified receipts:
   * {@link #invocation} verifies one.
   */
  InvocationListing invocations(String functionName, Instant since) throws QueryException;

  /**
   * A one-time link that signs a browser in to the broker's web UI as this identity, with its
   * role's view (no password: the request asking for it is signed with our key). Void after its
   * first use or two minutes; keep it private as a password until then.
   *
   * @throws QueryException when the broker cannot be reached or refuses
   */
  SignInLink signInLink() throws QueryException;

  /**
   * Hands an audit's report to the broker, which shows the latest one in its web UI's ledger
   * explorer with this identity's name (auditors only; the broker vouches for nothing in it).
   *
   * @throws QueryException when the broker cannot be reached or refuses (403: not an auditor)
   */
  void publishAuditReport(AuditReport report) throws QueryException;

  /**
   * The receipt settled under {@code invocationId} as the ledger holds it ({@code
   * audit:GetReceipt}): the provider's signed receipt over our ticket, its batch, leaf index and
   * Merkle path, the batch root the ledger recorded, and how its amount was split. Not verified:
   * {@link #verifyReceipt} checks it.
   *
   * @throws QueryException code {@code NOT_FOUND} when the ledger has no settled receipt under that
   *     id (no such invocation, or not settled yet), {@code FORBIDDEN} when it is another's
   */
  Records.ProvenReceipt receipt(String invocationId) throws QueryException;

  /**
   * Reads the receipt settled under {@code invocationId} from the ledger and verifies it step by
   * step, with the auditor's checks: the provider's signature against its registered certificate
   * (and the market CA, with a {@linkplain Builder#trustRoot trust root}), our ticket's signature,
   * the broker's signature over the assignment, the amount against usage, prices, maximum and fee,
   * and the Merkle path from the receipt's leaf to the root the ledger recorded for its batch. A
   * failed step is part of the result ({@link ReceiptVerification#verified()} false), not thrown.
   *
   * @throws QueryException as {@link #receipt}, or when the ledger cannot be read
   */
  ReceiptVerification verifyReceipt(String invocationId) throws QueryException;

  /** This identity's escrow balance on the ledger, in minor units. */
  long balance() throws QueryException;

  /**
   * The ledger's side of the EVM bridge for this identity: deposits credited to it, its
   * withdrawals, the chain's state and the anchors (docs/bridge.md).
   */
  Bridge bridge();

  /**
   * Waits until the invocation's receipt is settled on the ledger and returns it.
   *
   * @throws SettlementException when the receipt was rejected, the invocation failed, or {@code
   *     timeout} passed first (code {@link EdgeMarketException#TIMEOUT})
   */
  Receipt awaitSettled(String invocationId, Duration timeout) throws SettlementException;

  /** Releases the client's threads and, if the client created it, its ledger connection. */
  @Override
  void close();

  /** Configures a client; {@link #broker} and {@link #identity} are required. */
  interface Builder {
    /** The broker's base URL, e.g. {@code http://127.0.0.1:8080}. */
    Builder broker(URI broker);

    /** The consumer identity that signs requests and tickets. */
    Builder identity(Identity identity);

    /** The market CA: when set, providers' receipt signatures are verified on every answer. */
    Builder trustRoot(X509Certificate trustRoot);

    /**
     * Several CAs, as on a Fabric consortium where providers and consumers enrol with different
     * organisations; adds to {@link #trustRoot}.
     */
    Builder trustRoots(TrustRoots roots);

    /**
     * The CA certificates an {@code https} broker's certificate must come from (the market CA in
     * the data directory's {@code ca-cert.pem}); the host name is checked too. By default the
     * {@link #trustRoot trust roots}, else the platform's trust store.
     */
    Builder tlsTrust(X509Certificate caCertificate);

    /** As {@link #tlsTrust(X509Certificate)}, every CA of {@code roots}. */
    Builder tlsTrust(TrustRoots roots);

    /** The ledger connection; by default the broker's relay, signed as {@link #identity}. */
    Builder ledger(LedgerGateway ledger);

    /** How long one call may wait for the broker (default 30 s). */
    Builder timeout(Duration timeout);

    EdgeMarket build();
  }
}
