package io.edgemarket.ledger.embedded;

import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/** A tiny contract that exercises the stub; found on the test class path by Fabric's router. */
@Contract(name = "kvtest")
public final class KvTestContract implements ContractInterface {
  /** Runs in Increment and CountRange after their reads, while their simulation is running. */
  static volatile Runnable afterRead = () -> {};

  @Transaction(name = "Put", intent = Transaction.TYPE.SUBMIT)
  public void put(Context ctx, String key, String value) {
    ctx.getStub().putStringState(key, value);
  }

  @Transaction(name = "Get", intent = Transaction.TYPE.EVALUATE)
  public String get(Context ctx, String key) {
    return ctx.getStub().getStringState(key);
  }

  @Transaction(name = "Delete", intent = Transaction.TYPE.SUBMIT)
  public void delete(Context ctx, String key) {
    ctx.getStub().delState(key);
  }

  @Transaction(name = "PutThenGet", intent = Transaction.TYPE.SUBMIT)
  public String putThenGet(Context ctx, String key, String value) {
    ctx.getStub().putStringState(key, value);
    return ctx.getStub().getStringState(key);
  }

  @Transaction(name = "Increment", intent = Transaction.TYPE.SUBMIT)
  public String increment(Context ctx, String key) {
    String current = ctx.getStub().getStringState(key);
    long next = (current.isEmpty() ? 0 : Long.parseLong(current)) + 1;
    afterRead.run();
    ctx.getStub().putStringState(key, Long.toString(next));
    return Long.toString(next);
  }

  @Transaction(name = "Range", intent = Transaction.TYPE.EVALUATE)
  public String range(Context ctx, String start, String end) {
    List<String> keys = new ArrayList<>();
    ctx.getStub().getStateByRange(start, end).forEach(kv -> keys.add(kv.getKey()));
    return String.join(",", keys);
  }

  @Transaction(name = "CountRange", intent = Transaction.TYPE.SUBMIT)
  public String countRange(Context ctx, String start, String end, String target) {
    int count = 0;
    for (KeyValue ignored : ctx.getStub().getStateByRange(start, end)) {
      count++;
    }
    afterRead.run();
    ctx.getStub().putStringState(target, Integer.toString(count));
    return Integer.toString(count);
  }

  @Transaction(name = "PutComposite", intent = Transaction.TYPE.SUBMIT)
  public void putComposite(Context ctx, String type, String first, String second, String value) {
    ChaincodeStub stub = ctx.getStub();
    stub.putStringState(stub.createCompositeKey(type, first, second).toString(), value);
  }

  @Transaction(name = "ListComposite", intent = Transaction.TYPE.EVALUATE)
  public String listComposite(Context ctx, String type, String first) {
    List<String> entries = new ArrayList<>();
    for (KeyValue kv : ctx.getStub().getStateByPartialCompositeKey(type, first)) {
      CompositeKey key = ctx.getStub().splitCompositeKey(kv.getKey());
      entries.add(String.join("/", key.getAttributes()) + "=" + kv.getStringValue());
    }
    return String.join(",", entries);
  }

  @Transaction(name = "PageComposite", intent = Transaction.TYPE.EVALUATE)
  public String pageComposite(Context ctx, String type, int pageSize, String bookmark) {
    return page(
        ctx.getStub()
            .getStateByPartialCompositeKeyWithPagination(
                new CompositeKey(type), pageSize, bookmark));
  }

  @Transaction(name = "PageRange", intent = Transaction.TYPE.EVALUATE)
  public String pageRange(Context ctx, String start, String end, int pageSize, String bookmark) {
    return page(ctx.getStub().getStateByRangeWithPagination(start, end, pageSize, bookmark));
  }

  @Transaction(name = "PageThenWrite", intent = Transaction.TYPE.SUBMIT)
  public void pageThenWrite(Context ctx, String key) {
    ctx.getStub().getStateByRangeWithPagination("", "", 10, "");
    ctx.getStub().putStringState(key, "written after a paginated query");
  }

  @Transaction(name = "History", intent = Transaction.TYPE.EVALUATE)
  public String history(Context ctx, String key) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (KeyModification m : ctx.getStub().getHistoryForKey(key)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("txId", m.getTxId());
      entry.put("deleted", m.isDeleted());
      entry.put("value", m.getStringValue());
      entry.put("timestamp", m.getTimestamp().toEpochMilli());
      entries.add(entry);
    }
    return Json.write(entries);
  }

  @Transaction(name = "Emit", intent = Transaction.TYPE.SUBMIT)
  public void emit(Context ctx, String name, String payload) {
    ctx.getStub().setEvent("overwritten", new byte[] {1});
    ctx.getStub().setEvent(name, payload.getBytes(StandardCharsets.UTF_8));
    ctx.getStub().putStringState("emitted", name);
  }

  @Transaction(name = "Fail", intent = Transaction.TYPE.SUBMIT)
  public void fail(Context ctx, String key, String code, String text) {
    ctx.getStub().putStringState(key, "written before failing");
    ctx.getStub().setEvent("Failed", new byte[0]);
    throw new ChaincodeException(ErrorCodes.format(code, text));
  }

  @Transaction(name = "Whoami", intent = Transaction.TYPE.EVALUATE)
  public String whoami(Context ctx) {
    ClientIdentity identity = ctx.getClientIdentity();
    return String.join(
        " ",
        identity.getMSPID(),
        identity.getAttributeValue("edgemarket.role"),
        ctx.getStub().getChannelId(),
        ctx.getStub().getTxId());
  }

  private static String page(QueryResultsIteratorWithMetadata<KeyValue> results) {
    List<String> keys = new ArrayList<>();
    results.forEach(kv -> keys.add(kv.getStringValue()));
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("values", keys);
    page.put("count", results.getMetadata().getFetchedRecordsCount());
    page.put("bookmark", results.getMetadata().getBookmark());
    return Json.write(page);
  }
}
