package io.edgemarket.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** {@code functions}: consumers' functions, pinned to the digest of their code. */
@Contract(name = "functions")
public final class FunctionsContract implements ContractInterface {

  @Transaction(name = "RegisterFunction", intent = Transaction.TYPE.SUBMIT)
  public String registerFunction(Context ctx, String specJson) {
    return Errors.guard(() -> Functions.register(ctx, specJson));
  }

  @Transaction(name = "GetFunction", intent = Transaction.TYPE.EVALUATE)
  public String getFunction(Context ctx, String functionId) {
    return Errors.guard(() -> Functions.get(ctx, functionId));
  }

  @Transaction(name = "ListFunctions", intent = Transaction.TYPE.EVALUATE)
  public String listFunctions(Context ctx, String ownerId) {
    return Errors.guard(() -> Functions.list(ctx, ownerId));
  }

  @Transaction(name = "GetFunctionVersion", intent = Transaction.TYPE.EVALUATE)
  public String getFunctionVersion(Context ctx, String functionId, String digest) {
    return Errors.guard(() -> Functions.getVersion(ctx, functionId, digest));
  }

  @Transaction(name = "ListFunctionVersions", intent = Transaction.TYPE.EVALUATE)
  public String listFunctionVersions(Context ctx, String functionId) {
    return Errors.guard(() -> Functions.listVersions(ctx, functionId));
  }

  @Transaction(name = "RetireFunction", intent = Transaction.TYPE.SUBMIT)
  public String retireFunction(Context ctx, String functionId) {
    return Errors.guard(() -> Functions.retire(ctx, functionId));
  }
}
