package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Participant;
import org.junit.jupiter.api.Test;

class ParticipantsContractTest {
  private final Market market = new Market();

  @Test
  void registersTheCallerWithTheRoleAndCertificateItPresents() {
    Identity newcomer = market.enroll("provider-9", Role.PROVIDER);
    Participant p = Market.read(market.register(newcomer), Participant.class);
    assertEquals("provider-9@EdgeMarketMSP", p.id());
    assertEquals("provider", p.role());
    assertEquals("EdgeMarketMSP", p.mspId());
    assertEquals(newcomer.certificatePem(), p.certificatePem());
    assertEquals(market.now(), p.registeredAt());
  }

  @Test
  void registeringAgainWithTheSameCertificateChangesNothing() {
    String first =
        market.evaluate(
            market.auditor, ctx -> market.participants.getParticipant(ctx, market.consumer.id()));
    String again = market.submit(market.consumer, market.participants::registerParticipant);
    assertEquals(first, again);
    assertTrue(market.last.writes().isEmpty());
  }

  @Test
  void aSecondCertificateForARegisteredNameIsRefused() {
    Identity twin = market.enroll("consumer-1", Role.CONSUMER);
    market.fails(ErrorCodes.ALREADY_EXISTS, twin, market.participants::registerParticipant);
    // ... and cannot act under the registered name either.
    market.fails(ErrorCodes.FORBIDDEN, twin, market.config::getConfig);
  }

  @Test
  void ledgerNodesAndRolelessCertificatesHaveNoRights() {
    Identity orderer = market.enroll("orderer-1", Role.ORDERER);
    market.fails(ErrorCodes.FORBIDDEN, orderer, market.participants::registerParticipant);
    String roleless = RolelessCertificate.pem("nobody");
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.begin("EdgeMarketMSP", roleless),
        market.participants::registerParticipant);
  }

  @Test
  void lookupsNeedARegisteredCaller() {
    Identity stranger = market.enroll("stranger", Role.CONSUMER);
    market.fails(
        ErrorCodes.NOT_REGISTERED,
        stranger,
        ctx -> market.participants.getParticipant(ctx, market.broker.id()));
    Participant broker =
        Market.read(
            market.evaluate(
                market.consumer,
                ctx -> market.participants.getParticipant(ctx, market.broker.id())),
            Participant.class);
    assertEquals("broker", broker.role());
    market.fails(
        ErrorCodes.NOT_FOUND,
        market.consumer,
        ctx -> market.participants.getParticipant(ctx, "ghost@X"));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.consumer,
        ctx -> market.participants.getParticipant(ctx, ""));
  }
}
