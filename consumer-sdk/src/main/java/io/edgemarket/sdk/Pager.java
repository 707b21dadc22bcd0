package io.edgemarket.sdk;

import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import java.util.function.Consumer;

/**
 * Walks a paged chaincode listing ({@code pageSize, bookmark} in, {@code {records, bookmark}} out)
 * to its end. An audit must see every record, so a listing that repeats a bookmark is an error
 * rather than a silent stop or an endless loop.
 */
final class Pager {
  private final LedgerGateway ledger;
  private final int pageSize;

  Pager(LedgerGateway ledger, int pageSize) {
    this.ledger = ledger;
    this.pageSize = pageSize;
  }

  /**
   * Calls {@code each} for every record of the listing, in order.
   *
   * @throws IllegalArgumentException when a page cannot be read or a bookmark repeats
   */
  <T> long each(String transaction, Class<T> type, Consumer<T> each) throws LedgerException {
    String bookmark = "";
    long count = 0;
    while (true) {
      String json = ledger.evaluate(transaction, Integer.toString(pageSize), bookmark);
      Records.Page<T> page = Records.page(json, type);
      if (page.records() != null) {
        for (T record : page.records()) {
          each.accept(record);
          count++;
        }
      }
      if (page.last()) {
        return count;
      }
      if (page.bookmark().equals(bookmark)) {
        throw new IllegalArgumentException(transaction + " repeated bookmark " + bookmark);
      }
      bookmark = page.bookmark();
    }
  }
}
