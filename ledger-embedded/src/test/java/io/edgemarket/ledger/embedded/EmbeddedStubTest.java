package io.edgemarket.ledger.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.ledger.SignedProposal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.junit.jupiter.api.Test;

/** The stub on its own, against an empty world state: what the shim would give a contract. */
class EmbeddedStubTest {
  private final SignedProposal proposal =
      SignedProposal.create(
          LedgerFixture.CA.enroll("carol", io.edgemarket.model.Role.PROVIDER),
          "kvtest:Put",
          List.of("k", "v"),
          1_700_000_000_123L);
  private final TxInput input = TxInput.of(proposal, LedgerFixture.MSP);
  private final TxSimulator simulator = new TxSimulator(new WorldState(), input.txId());
  private final EmbeddedStub stub = new EmbeddedStub(input, simulator);

  @Test
  void argumentsIdentityAndTimestampAreThoseOfTheProposal() throws Exception {
    assertEquals("kvtest:Put", stub.getFunction());
    assertEquals(List.of("k", "v"), stub.getParameters());
    assertEquals(List.of("kvtest:Put", "k", "v"), stub.getStringArgs());
    assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), stub.getArgs().get(2));
    assertEquals(proposal.transactionId(), stub.getTxId());
    assertEquals("edgemarket", stub.getChannelId());
    assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), stub.getTxTimestamp());
    SerializedIdentity creator = SerializedIdentity.parseFrom(stub.getCreator());
    assertEquals(LedgerFixture.MSP, creator.getMspid());
    assertEquals(proposal.creatorPem(), creator.getIdBytes().toStringUtf8());
    assertEquals(32, stub.getBinding().length);
    assertTrue(stub.getTransient().isEmpty());
  }

  @Test
  void writesAreBufferedAndNeverReadBack() {
    stub.putState("k", "v".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, stub.getState("k").length);
    stub.delState("gone");
    stub.putState("empty", new byte[0]);
    ReadWriteSet rw = simulator.finish();
    assertEquals(List.of("empty", "gone", "k"), List.copyOf(rw.writes().keySet()));
    assertEquals(null, rw.writes().get("empty"), "an empty value is a delete, as in Fabric");
    assertTrue(rw.reads().containsKey("k") && rw.reads().get("k") == null);
    assertThrows(IllegalStateException.class, () -> stub.getState("k"));
  }

  @Test
  void theLastEventSetWins() {
    stub.setEvent("first", new byte[] {1});
    stub.setEvent("second", null);
    assertEquals("second", stub.getEvent().getEventName());
    assertTrue(stub.getEvent().getPayload().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> stub.setEvent(" ", new byte[0]));
  }

  @Test
  void keysFollowThePeersRules() {
    assertThrows(IllegalArgumentException.class, () -> stub.putState("", new byte[] {1}));
    assertThrows(IllegalArgumentException.class, () -> stub.putState("a\ud800", new byte[] {1}));
    assertThrows(
        IllegalArgumentException.class, // the shim's CompositeKeyFormatException
        () -> stub.getStateByRange(stub.createCompositeKey("t", "a").toString(), ""));
    assertEquals(
        List.of("a", "b"),
        stub.splitCompositeKey(stub.createCompositeKey("t", "a", "b").toString()).getAttributes());
  }

  @Test
  void unusedFabricFeaturesSayTheyAreUnsupported() {
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, () -> stub.getPrivateData("c", "k"));
    assertEquals("Private data is not supported by the embedded ledger", e.getMessage());
    assertThrows(UnsupportedOperationException.class, () -> stub.getQueryResult("{}"));
    assertThrows(
        UnsupportedOperationException.class, () -> stub.setStateValidationParameter("k", null));
    assertThrows(
        UnsupportedOperationException.class, () -> stub.invokeChaincodeWithStringArgs("other"));
  }
}
