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

/**
 * What the HTTP layer serves from: the broker's services, assembled by {@code Broker}.
 *
 * @param expectedProviders providers that must be serving before health reports UP
 * @param brokerId the broker's participant id, which consumers' tickets name
 * @param links the agents that dialled out to this broker ({@code /api/v1/agents/link})
 * @param routes the HTTP routes grants open ({@code /run/{owner}/{route}})
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
    LedgerReads reads) {}
