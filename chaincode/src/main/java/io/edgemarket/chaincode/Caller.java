package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.Governance;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;

/**
 * Who signed the proposal: {@code CN@MSPID} and the role our CA (or Fabric CA) wrote into the
 * certificate. The peer has already checked the certificate against the channel's MSPs; what is
 * left to decide here is whether that organisation may grant that role (a CA can write any role
 * into a certificate, so the market's governance says which organisations' CAs are believed for
 * which role) and what that role may do.
 */
record Caller(String id, Role role, String mspId, String certificatePem) {

  static Caller of(Context ctx) {
    ClientIdentity identity = ctx.getClientIdentity();
    X509Certificate certificate = identity == null ? null : identity.getX509Certificate();
    if (certificate == null) {
      throw Errors.error(ErrorCodes.UNAUTHENTICATED, "the caller presented no X.509 certificate");
    }
    Role role;
    String id;
    try {
      role = Role.fromAttribute(identity.getAttributeValue(Certificates.ROLE_ATTRIBUTE));
      id = Certificates.participantId(Certificates.commonName(certificate), identity.getMSPID());
    } catch (IllegalArgumentException e) {
      throw Errors.forbidden("the caller's certificate does not name a market role: " + e);
    }
    if (role == Role.ORDERER) {
      throw Errors.forbidden("ledger nodes have no rights in the market: " + id);
    }
    Governance governance = Consortium.read(ctx.getStub());
    if (governance != null && !governance.allows(role.attributeValue(), identity.getMSPID())) {
      throw Errors.forbidden(
          "the market's governance does not let "
              + identity.getMSPID()
              + " certificates hold role "
              + role.attributeValue()
              + ": "
              + id);
    }
    return new Caller(id, role, identity.getMSPID(), Pem.encode(certificate));
  }

  /**
   * The caller, who must have registered with exactly this certificate: receipts and tickets are
   * verified against the registered one, so a second certificate for the same name is not the same
   * participant.
   */
  static Caller registered(Context ctx) {
    Caller caller = of(ctx);
    Records.Participant participant = Participants.find(ctx.getStub(), caller.id());
    if (participant == null) {
      throw Errors.error(
          ErrorCodes.NOT_REGISTERED, caller.id() + " must call participants:RegisterParticipant");
    }
    if (!participant.certificatePem().equals(caller.certificatePem())) {
      throw Errors.forbidden(caller.id() + " is registered with a different certificate");
    }
    if (!participant.active()) {
      throw Errors.forbidden(caller.id() + " is suspended");
    }
    return caller;
  }

  boolean is(Role... roles) {
    return Arrays.asList(roles).contains(role);
  }

  Caller require(Role... roles) {
    if (!is(roles)) {
      String allowed =
          Arrays.stream(roles).map(Role::attributeValue).collect(Collectors.joining(", "));
      throw Errors.forbidden(
          "only " + allowed + " may do this; " + id + " is " + role.attributeValue());
    }
    return this;
  }
}
