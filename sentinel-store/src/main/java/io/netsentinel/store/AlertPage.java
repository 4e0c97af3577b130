package io.netsentinel.store;

import java.util.List;

/** One page of alerts, newest first; {@code nextCursor} is null on the last page. */
public record AlertPage(List<StoredAlert> alerts, String nextCursor) {
  public AlertPage {
    alerts = List.copyOf(alerts);
  }
}
