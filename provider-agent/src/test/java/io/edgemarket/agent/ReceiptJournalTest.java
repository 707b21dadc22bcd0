package io.edgemarket.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Usage;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.model.link.KeptOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the agent keeps every receipt it signs until its broker holds it, across an agent
 * restart, within a bound, and forgets it once told or once the ledger shows a later one settled.
 */
class ReceiptJournalTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("EdgeMarketMSP");
  private static final Identity CONSUMER = CA.enroll("c", Role.CONSUMER);
  private static final Identity PROVIDER = CA.enroll("p", Role.PROVIDER);
  private static final Identity BROKER = CA.enroll("broker", Role.BROKER);

  @TempDir Path dir;

  @Test
  void keptReceiptsSurviveAnAgentRestartAndGoOnceDropped() throws Exception {
    Path file = dir.resolve("receipts.journal");
    List<Receipt> signed =
        LongStream.rangeClosed(1, 5).mapToObj(s -> receipt(s, 1_000 * s)).toList();
    try (ReceiptJournal journal = ReceiptJournal.open(file, 100)) {
      signed.forEach(journal::add);
      journal.drop(List.of(2L));
      assertEquals(List.of(3L, 4L), sequences(journal.page(2, 2, 0).receipts()));
    }
    // A torn last line, as an agent killed mid-write leaves it.
    Files.writeString(file, Files.readString(file) + "{\"ticket\":{", UTF_8);
    try (ReceiptJournal reopened = ReceiptJournal.open(file, 100)) {
      assertEquals(List.of(1L, 3L, 4L, 5L), sequences(reopened.all()));
      assertEquals(signed.get(2), reopened.all().get(1));
      reopened.drop(List.of(1L, 2L, 3L));
    }
    try (ReceiptJournal again = ReceiptJournal.open(file, 100)) {
      assertEquals(List.of(4L, 5L), sequences(again.all()), "a reopen rewrites what is kept");
    }
  }

  @Test
  void theJournalIsBoundedAndForgetsTheOldestWhenFull() throws Exception {
    try (ReceiptJournal journal = ReceiptJournal.open(dir.resolve("j"), 3)) {
      LongStream.rangeClosed(1, 5).forEach(s -> journal.add(receipt(s, s)));
      assertEquals(List.of(3L, 4L, 5L), sequences(journal.all()));
    }
    try (ReceiptJournal reopened = ReceiptJournal.open(dir.resolve("j"), 2)) {
      assertEquals(List.of(4L, 5L), sequences(reopened.all()));
    }
  }

  @Test
  void dropsRewriteTheFileOnceMostlyForgotten() throws Exception {
    Path file = dir.resolve("j");
    try (ReceiptJournal journal = ReceiptJournal.open(file, 10_000)) {
      LongStream.rangeClosed(1, 2_000).forEach(s -> journal.add(receipt(s, s)));
      long full = Files.size(file);
      journal.drop(LongStream.rangeClosed(1, 1_990).boxed().toList());
      assertTrue(Files.size(file) < full / 100, "rewritten: " + Files.size(file) + " of " + full);
      journal.add(receipt(2_001, 2_001));
    }
    try (ReceiptJournal reopened = ReceiptJournal.open(file, 10_000)) {
      assertEquals(11, reopened.size());
    }
  }

  @Test
  void outputsAreHandedOutBesideTheirReceiptsWithinTheFramesBudget() throws Exception {
    try (ReceiptJournal journal = ReceiptJournal.open(dir.resolve("j"), 100)) {
      journal.add(receipt(1, 1), bytes(40), null);
      journal.add(receipt(2, 2), bytes(40), "it failed");
      journal.add(receipt(3, 3)); // signed, its output not kept
      journal.add(receipt(4, 4), bytes(40), null);

      ReceiptJournal.Page all = journal.page(0, 10, 1_000);
      assertEquals(List.of(1L, 2L, 3L, 4L), sequences(all.receipts()));
      assertEquals(List.of(1L, 2L, 4L), all.outputs().stream().map(KeptOutput::sequence).toList());
      assertEquals("it failed", all.outputs().get(1).error());
      assertArrayEquals(bytes(40), all.outputs().get(0).output());

      // 40 bytes each and the error's escaping allowance: the page is cut before a receipt whose
      // output would not fit, never sent without it.
      ReceiptJournal.Page cut = journal.page(0, 10, 100);
      assertEquals(List.of(1L), sequences(cut.receipts()));
      assertEquals(List.of(2L, 3L, 4L), sequences(journal.page(1, 10, 200).receipts()));
      // An output larger than a whole frame on its own goes without it, as if not kept.
      ReceiptJournal.Page tiny = journal.page(0, 10, 10);
      assertEquals(List.of(1L, 2L, 3L, 4L), sequences(tiny.receipts()));
      assertEquals(List.of(), tiny.outputs());
    }
  }

  @Test
  void outputsAreBoundedInMemoryForgottenWithTheirReceiptsAndNotWrittenToDisk() throws Exception {
    Path file = dir.resolve("j");
    try (ReceiptJournal journal = ReceiptJournal.open(file, 100, 100)) {
      LongStream.rangeClosed(1, 5).forEach(s -> journal.add(receipt(s, s), bytes(30), null));
      assertArrayEquals(new long[] {3, 90}, journal.outputsKept(), "the oldest outputs went first");
      assertEquals(5, journal.size(), "receipts stay");
      assertEquals(
          List.of(3L, 4L, 5L),
          journal.page(0, 10, 1_000).outputs().stream().map(KeptOutput::sequence).toList());
      journal.drop(List.of(4L));
      assertArrayEquals(new long[] {2, 60}, journal.outputsKept());
      assertFalse(Files.readString(file).contains("output\""), "no output in the file");
    }
    try (ReceiptJournal reopened = ReceiptJournal.open(file, 100, 100)) {
      assertEquals(4, reopened.size());
      assertArrayEquals(new long[] {0, 0}, reopened.outputsKept(), "a restart keeps no output");
    }
  }

  @Test
  void aSettledLaterReceiptLetsOlderOnesGoAndNothingElse() throws Exception {
    long now = 10_000_000;
    Clock clock = Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC);
    long margin = SettledSweep.MARGIN_MILLIS;
    Receipt ancient = receipt(1, now - 3 * margin - 1);
    Receipt witness = receipt(2, now - 2 * margin);
    Receipt unsure = receipt(3, now - 2 * margin + 10); // too close to the witness
    Receipt fresh = receipt(4, now - 10); // its batch may still be on its way
    SettledLedger ledger = new SettledLedger();
    try (ReceiptJournal journal = ReceiptJournal.open(dir.resolve("j"), 100)) {
      List.of(ancient, witness, unsure, fresh).forEach(journal::add);
      SettledSweep sweep = new SettledSweep(journal, ledger, clock);

      assertEquals(0, sweep.sweep(), "nothing settled yet");
      assertEquals(4, journal.size());

      ledger.settled = witness.withSignature(unsure.signature()); // another receipt, same run
      assertEquals(0, sweep.sweep(), "the ledger must hold this very receipt");

      ledger.settled = witness;
      assertEquals(2, sweep.sweep());
      assertEquals(List.of(3L, 4L), sequences(journal.all()));
      assertTrue(ledger.reads <= 3 * SettledSweep.PROBES, ledger.reads + " ledger reads");
    }
  }

  @Test
  void everyReceiptTheAgentSignsIsJournaledBeforeItIsAnswered() throws Exception {
    try (Market market = new Market()) {
      ProviderAgent agent = market.start(market.agent(dir));
      String digest = market.deploy("echo");
      InvokeRequest request = market.request(agent, digest, "x".getBytes(UTF_8), 1_000, 5_000);
      InvokeResponse answer = Json.read(market.invoke(agent, request).body(), InvokeResponse.class);
      assertEquals(1, agent.journaledReceipts());
      agent.close();
      try (ReceiptJournal kept = ReceiptJournal.open(dir.resolve("receipts.journal"), 10)) {
        assertEquals(List.of(answer.receipt()), kept.all());
      }
    }
  }

  private static byte[] bytes(int n) {
    byte[] bytes = new byte[n];
    java.util.Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  private static List<Long> sequences(List<Receipt> receipts) {
    return receipts.stream().map(Receipt::sequence).toList();
  }

  private static Receipt receipt(long sequence, long finishedAt) {
    InvocationTicket ticket =
        InvocationTicket.issue(
            CONSUMER,
            "inv-" + sequence,
            BROKER.id(),
            "c/f",
            "d".repeat(64),
            new byte[] {1},
            100,
            0,
            60_000);
    return Receipt.sign(
        PROVIDER,
        ticket,
        Assignment.sign(BROKER, ticket, PROVIDER.id(), "o", 1),
        new byte[] {2},
        Receipt.OK,
        new Usage(1, 1, 1),
        5,
        0,
        finishedAt - 1,
        finishedAt,
        sequence);
  }

  /** The ledger's answer to GetReceipt: one settled receipt, or none. */
  private static final class SettledLedger implements LedgerGateway {
    volatile Receipt settled;
    int reads;

    @Override
    public Identity identity() {
      return PROVIDER;
    }

    @Override
    public String submit(String transaction, String... args) {
      throw new UnsupportedOperationException(transaction);
    }

    @Override
    public String evaluate(String transaction, String... args) throws LedgerException {
      if (Transactions.GET_RECEIPT.equals(transaction)) {
        reads++;
        Receipt r = settled;
        if (r != null && r.assignment().runId().equals(args[0])) {
          return Json.write(new ProvenReceipt(r, "b1", 0, 0, 0, 0, "tx", null, "root"));
        }
      }
      throw new LedgerException(
          LedgerException.Phase.EVALUATE, ErrorCodes.NOT_FOUND, null, "no " + transaction);
    }

    @Override
    public void close() {}
  }
}
