package io.edgemarket.model.ledger;

/**
 * The chaincode's transaction names, qualified by the Fabric contract that holds them ({@code
 * contract:Transaction}), one contract class per resource. Every argument is a string; JSON for
 * structured values. See chaincode/README.md for arguments, results and who may call each.
 */
public final class Transactions {
  /** The chaincode name on a Fabric channel. */
  public static final String CHAINCODE = "edgemarket";

  // participants
  public static final String REGISTER_PARTICIPANT = "participants:RegisterParticipant";
  public static final String GET_PARTICIPANT = "participants:GetParticipant";
  // market configuration
  public static final String GET_CONFIG = "config:GetConfig";
  public static final String SET_CONFIG = "config:SetConfig";
  // accounts
  public static final String CREDIT_ESCROW = "accounts:CreditEscrow";
  public static final String TRANSFER = "accounts:Transfer";
  public static final String GET_BALANCE = "accounts:GetBalance";
  public static final String LIST_ACCOUNTS = "accounts:ListAccounts";
  public static final String LIST_JOURNAL = "accounts:ListJournal";
  // offers
  public static final String PUBLISH_OFFER = "offers:PublishOffer";
  public static final String WITHDRAW_OFFER = "offers:WithdrawOffer";
  public static final String GET_OFFER = "offers:GetOffer";
  public static final String LIST_OFFERS = "offers:ListOffers";
  // functions
  public static final String REGISTER_FUNCTION = "functions:RegisterFunction";
  public static final String GET_FUNCTION = "functions:GetFunction";
  public static final String LIST_FUNCTIONS = "functions:ListFunctions";
  // settlement and audit
  public static final String SETTLE_BATCH = "settlement:SettleBatch";
  public static final String GET_RECEIPT = "audit:GetReceipt";
  public static final String GET_BATCH = "audit:GetBatch";
  public static final String LIST_BATCHES = "audit:ListBatches";
  public static final String QUERY_RECEIPTS = "audit:QueryReceipts";
  public static final String GET_HISTORY = "audit:GetHistory";
  public static final String GET_GOVERNANCE = "governance:GetGovernance";
  public static final String SET_GOVERNANCE = "governance:SetGovernance";
  public static final String ROTATE_CERTIFICATE = "participants:RotateCertificate";
  public static final String SUSPEND_PARTICIPANT = "participants:SuspendParticipant";
  public static final String REINSTATE_PARTICIPANT = "participants:ReinstateParticipant";
  public static final String COMPLETE_TRANSFER = "accounts:CompleteTransfer";
  public static final String FOLD_CREDITS = "accounts:FoldCredits";
  public static final String GET_FUNCTION_VERSION = "functions:GetFunctionVersion";
  public static final String LIST_FUNCTION_VERSIONS = "functions:ListFunctionVersions";
  public static final String RETIRE_FUNCTION = "functions:RetireFunction";
  public static final String OPEN_DISPUTE = "disputes:OpenDispute";
  public static final String RESOLVE_DISPUTE = "disputes:ResolveDispute";
  public static final String GET_DISPUTE = "disputes:GetDispute";
  public static final String LIST_DISPUTES = "disputes:ListDisputes";
  public static final String GET_REPUTATION = "disputes:GetReputation";
  public static final String RELEASE_STAKE = "offers:ReleaseStake";
  // grants: standing consents for runs nobody signs a ticket for (docs/triggers.md)
  public static final String PUBLISH_GRANT = "grants:PublishGrant";
  public static final String REVOKE_GRANT = "grants:RevokeGrant";
  public static final String GET_GRANT = "grants:GetGrant";
  public static final String LIST_GRANTS = "grants:ListGrants";
  // the EVM bridge: deposits in, withdrawals out, settlement roots anchored (docs/bridge.md)
  public static final String CREDIT_DEPOSIT = "bridge:CreditDeposit";
  public static final String REQUEST_WITHDRAWAL = "bridge:RequestWithdrawal";
  public static final String RELEASE_WITHDRAWAL = "bridge:ReleaseWithdrawal";
  public static final String MARK_WITHDRAWAL_PAID = "bridge:MarkWithdrawalPaid";
  public static final String RECORD_ANCHOR = "bridge:RecordAnchor";
  public static final String SET_CURSOR = "bridge:SetCursor";
  public static final String GET_BRIDGE_STATE = "bridge:GetBridgeState";
  public static final String GET_DEPOSIT = "bridge:GetDeposit";
  public static final String GET_WITHDRAWAL = "bridge:GetWithdrawal";
  public static final String LIST_WITHDRAWALS = "bridge:ListWithdrawals";
  public static final String LIST_ANCHORS = "bridge:ListAnchors";

  private Transactions() {}
}
