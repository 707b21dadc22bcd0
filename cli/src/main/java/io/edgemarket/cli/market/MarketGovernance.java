package io.edgemarket.cli.market;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ConflictRetry;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Governance;
import io.edgemarket.model.ledger.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The launcher's part in the market's governance: it holds an admin of every organisation (on one
 * machine it plays all of them), so it sets the governance the organisations agree on and makes
 * each governed call once per organisation. Each role is bound to the organisation whose CA enrols
 * it here; admins and auditors may come from any organisation.
 */
final class MarketGovernance {
  private final List<LedgerGateway> admins;
  private final Governance wanted;

  /**
   * @param admins one admin's gateway per governing organisation
   * @param caOf which organisation (MSP id) enrols each role
   */
  MarketGovernance(List<LedgerGateway> admins, Map<Role, String> caOf) {
    this.admins = List.copyOf(admins);
    List<String> orgs = caOf.values().stream().distinct().sorted().toList();
    Map<String, List<String>> roles = new TreeMap<>();
    caOf.forEach(
        (role, msp) ->
            roles.put(
                role.attributeValue(),
                role == Role.ADMIN || role == Role.AUDITOR ? orgs : List.of(msp)));
    this.wanted = new Governance(orgs, roles, 0, null);
  }

  /** Sets the governance unless the ledger already has exactly this one. */
  void ensure() throws LedgerException {
    Governance current =
        Json.read(admins.get(0).evaluate(Transactions.GET_GOVERNANCE), Governance.class);
    if (current.orgs().equals(wanted.orgs()) && current.roles().equals(wanted.roles())) {
      return;
    }
    governed(Transactions.SET_GOVERNANCE, Json.write(wanted));
  }

  /**
   * Credits as every organisation's admin in turn; the last approval makes the credit. The ledger
   * carries out a credit of one amount under one reference once, so a launcher killed after the
   * credit but before it noted so makes the same call again on restart: that answers DUPLICATE,
   * which means done.
   *
   * @return false when the ledger had already carried out this very credit
   */
  boolean credit(String accountId, long amount, String reference) throws LedgerException {
    try {
      governed(Transactions.CREDIT_ESCROW, accountId, Long.toString(amount), reference);
      return true;
    } catch (LedgerException e) {
      if (ErrorCodes.DUPLICATE.equals(e.code())) {
        return false;
      }
      throw e;
    }
  }

  private void governed(String transaction, String... args) throws LedgerException {
    List<String> answers = new ArrayList<>();
    for (LedgerGateway admin : admins) {
      // Agents register and stake while the market starts: a lost MVCC race is tried again, and so
      // is a peer that has not yet committed the registration this step follows.
      String answer = ConflictRetry.submitAfterWrite(admin, transaction, args);
      answers.add(answer);
      JsonNode status = Json.tree(answer).path("status");
      if (status.isMissingNode() || "DONE".equals(status.asText())) {
        return;
      }
    }
    throw new IllegalStateException(
        transaction + " still waits for other organisations' admins: " + answers);
  }
}
