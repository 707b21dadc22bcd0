package io.edgemarket.broker.api;

import io.edgemarket.broker.blob.BlobStore;
import io.edgemarket.broker.chain.LedgerReads;
import io.edgemarket.broker.enroll.EnrollmentService;
import io.edgemarket.broker.invoke.InvocationService;
import io.edgemarket.broker.link.AgentLinks;
import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.broker.market.VerifierBook;
import io.edgemarket.broker.metrics.BrokerMetrics;
import io.edgemarket.broker.settle.SettlementQueue;
import io.edgemarket.broker.settle.SettlementStats;
import io.edgemarket.broker.trigger.RouteService;
import io.edgemarket.model.http.RequestVerifier;
import io.edgemarket.model.ledger.LedgerBackend;
import io.edgemarket.model.ledger.LedgerGateway;
import java.nio.file.Path;

/**
 * What the HTTP layer serves from: the broker's services, assembled by {@code Broker}.
 *
 * @param expectedProviders providers that must be serving before health reports UP
 * @param brokerId the broker's participant id, which consumers' tickets name
 * @param links the agents that dialled out to this broker ({@code /api/v1/agents/link})
 * @param routes the HTTP routes grants open ({@code /run/{owner}/{route}})
 * @param brokerLedger the ledger as the broker itself reads it (an overseer of receipts, batches
 *     and the journal), for the web UI's ledger explorer
 * @param dataDir the broker's data directory (the explorer keeps the latest audit report there)
 * @param reads ledger reads made as the broker for a participant's own view ({@code /api/v1/me})
 */
public record ApiServices(
    LedgerBackend ledger,
    BlobStore blobs,
    InvocationService invocations,
    OfferBook offers,
    VerifierBook verifiers,
    SettlementQueue queue,
    SettlementStats settlement,
    BrokerMetrics metrics,
    RequestVerifier verifier,
    int expectedProviders,
    EnrollmentService enrollment,
    String brokerId,
    AgentLinks links,
    RouteService routes,
    LedgerGateway brokerLedger,
    Path dataDir,
    LedgerReads reads) {}
