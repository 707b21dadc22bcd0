package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Grant;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationListing;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.SignInLink;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.http.Tls;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The one {@link EdgeMarket} implementation: wiring, ledger reads, and delegation. */
final class EdgeMarketClient implements EdgeMarket {
  private final Identity identity;
  private final LedgerGateway ledger;
  private final boolean ownsLedger;
  private final KnownFunctions functions;
  private final Invocations invocations;
  private final Deployer deployer;
  private final FunctionCatalog catalog;
  private final InvocationHistory history;
  private final SignIn signIn;
  private final AuditPublication auditPublication;
  private final ReceiptVerifier receipts;
  private final Grants grants;
  private final Bridge bridge;

  EdgeMarketClient(
      URI broker,
      Identity identity,
      List<X509Certificate> trustRoots,
      List<X509Certificate> tlsTrust,
      LedgerGateway givenLedger,
      Duration timeout) {
    // HTTP/1.1: the broker serves HTTP/1.1, and the JDK's default (HTTP/2, tried on cleartext
    // through an Upgrade: h2c request) only adds a failed negotiation to requests.
    HttpClient http =
        Tls.httpClient(tlsTrust)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : seconds(5))
            .build();
    this.identity = identity;
    this.ownsLedger = givenLedger == null;
    this.ledger = ownsLedger ? new RemoteLedgerGateway(broker, identity, http) : givenLedger;
    BrokerHttp brokerHttp = new BrokerHttp(broker, identity, http);
    this.functions = new KnownFunctions(ledger, identity);
    // Without a trust root a provider's certificate could not be told from a forged registration,
    // so the signature check is skipped rather than made to look meaningful.
    RegisteredCertificates participants =
        trustRoots.isEmpty() ? null : new RegisteredCertificates(ledger, trustRoots);
    AnswerVerifier verifier =
        new AnswerVerifier(
            identity,
            providerId ->
                participants == null ? Optional.empty() : certificate(participants, providerId),
            ledger);
    this.invocations = new Invocations(brokerHttp, identity, functions, verifier, ledger, timeout);
    this.deployer = new Deployer(brokerHttp, ledger, functions, timeout);
    this.catalog = new FunctionCatalog(ledger, functions, identity.id());
    this.history = new InvocationHistory(brokerHttp, functions, timeout);
    this.signIn = new SignIn(brokerHttp, timeout);
    this.auditPublication = new AuditPublication(brokerHttp, timeout);
    this.receipts = new ReceiptVerifier(ledger, trustRoots);
    this.grants =
        new Grants(
            ledger, functions, identity, new BrokerIdentity(brokerHttp, timeout), broker, timeout);
    this.bridge = new LedgerBridge(ledger);
  }

  private static Duration seconds(long n) {
    return Duration.ofSeconds(n);
  }

  private static Optional<X509Certificate> certificate(
      RegisteredCertificates participants, String id) throws AnswerVerifier.ProviderUnknown {
    try {
      RegisteredCertificates.Entry entry = participants.lookup(id);
      String problem = entry.problemAs(id, Role.PROVIDER.attributeValue());
      if (problem != null) {
        throw new AnswerVerifier.ProviderUnknown(problem, null);
      }
      return Optional.of(entry.certificate());
    } catch (LedgerException e) {
      throw new AnswerVerifier.ProviderUnknown(
          "could not read provider " + id + "'s certificate: " + e.getMessage(), e);
    }
  }

  @Override
  public Identity identity() {
    return identity;
  }

  @Override
  public FunctionSpec deploy(String name, byte[] wasm, DeployOptions options)
      throws DeployException {
    return deployer.deploy(name, wasm, options);
  }

  @Override
  public FunctionSpec deployImage(
      String name, Path imageTar, DeployOptions options, UploadProgress progress)
      throws DeployException, IOException {
    return deployer.deployImage(name, imageTar, options, progress);
  }

  @Override
  public InvocationResult invoke(String functionName, byte[] input, InvokeOptions options)
      throws InvocationException {
    return invocations.invoke(functionName, input, options);
  }

  @Override
  public CompletableFuture<InvocationResult> invokeAsync(
      String functionName, byte[] input, InvokeOptions options) {
    return invocations.invokeAsync(functionName, input, options);
  }

  @Override
  public InvocationResult invocation(String invocationId) throws QueryException {
    return invocations.invocation(invocationId);
  }

  @Override
  public Receipt awaitSettled(String invocationId, Duration timeout) throws SettlementException {
    return invocations.awaitSettled(invocationId, timeout);
  }

  @Override
  public List<FunctionSpec> functions() throws QueryException {
    return catalog.list();
  }

  @Override
  public FunctionDetails function(String functionName) throws QueryException {
    return catalog.details(functionName);
  }

  @Override
  public FunctionSpec retire(String functionName) throws DeployException {
    return catalog.retire(functionName);
  }

  @Override
  public RouteGrant createRoute(String functionName, String routeName, RouteOptions options)
      throws DeployException {
    return grants.createRoute(
        Objects.requireNonNull(functionName, "functionName"),
        routeName,
        Objects.requireNonNull(options, "options"));
  }

  @Override
  public Grant createChain(
      String functionName, String upstreamFunctionName, String condition, RouteOptions options)
      throws DeployException {
    return grants.createChain(
        Objects.requireNonNull(functionName, "functionName"),
        Objects.requireNonNull(upstreamFunctionName, "upstreamFunctionName"),
        Objects.requireNonNull(condition, "condition"),
        Objects.requireNonNull(options, "options"));
  }

  @Override
  public Grant createSchedule(
      String functionName, String expression, byte[] input, RouteOptions options)
      throws DeployException {
    return grants.createSchedule(
        Objects.requireNonNull(functionName, "functionName"),
        expression,
        input,
        Objects.requireNonNull(options, "options"));
  }

  @Override
  public Grant createMqttTrigger(
      String functionName, String mqttUrl, String topic, RouteOptions options)
      throws DeployException {
    return grants.createMqttTrigger(
        Objects.requireNonNull(functionName, "functionName"),
        Objects.requireNonNull(mqttUrl, "mqttUrl"),
        Objects.requireNonNull(topic, "topic"),
        Objects.requireNonNull(options, "options"));
  }

  @Override
  public List<Records.GrantStatus> grants() throws QueryException {
    return grants.list();
  }

  @Override
  public Records.GrantStatus revokeGrant(String grantId) throws DeployException {
    return grants.revoke(Objects.requireNonNull(grantId, "grantId"));
  }

  @Override
  public InvocationListing invocations(String functionName, Instant since) throws QueryException {
    return history.list(functionName, since);
  }

  @Override
  public SignInLink signInLink() throws QueryException {
    return signIn.link();
  }

  @Override
  public void publishAuditReport(AuditReport report) throws QueryException {
    auditPublication.publish(Objects.requireNonNull(report, "report"));
  }

  @Override
  public Records.ProvenReceipt receipt(String invocationId) throws QueryException {
    return receipts.record(
        Objects.requireNonNull(invocationId, "invocationId"), QueryException::new);
  }

  @Override
  public ReceiptVerification verifyReceipt(String invocationId) throws QueryException {
    return receipts.verify(
        Objects.requireNonNull(invocationId, "invocationId"), QueryException::new);
  }

  @Override
  public long balance() throws QueryException {
    String json;
    try {
      json = ledger.evaluate(Transactions.GET_BALANCE, identity.id());
    } catch (LedgerException e) {
      throw new QueryException(
          Failure.of(e.code()).id(identity.id()).transactionId(e.transactionId()),
          "balance: " + e.getMessage(),
          e);
    }
    try {
      return Records.read(json, Records.Balance.class).balance();
    } catch (IllegalArgumentException e) {
      throw new QueryException(
          Failure.of(ErrorCodes.INTERNAL).id(identity.id()),
          "unreadable balance: " + e.getMessage(),
          e);
    }
  }

  @Override
  public Bridge bridge() {
    return bridge;
  }

  @Override
  public void close() {
    invocations.close();
    if (ownsLedger) {
      ledger.close();
    }
  }

  /** Hex SHA-256 of a module: its name in the blob store and its digest on the ledger. */
  static String digestOf(byte[] wasm) {
    return Crypto.sha256Hex(wasm);
  }
}
