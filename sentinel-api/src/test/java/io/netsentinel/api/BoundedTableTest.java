package io.netsentinel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoundedTableTest {
  private static final long S = 1_000_000_000L;

  static final class Counter {
    int n;
  }

  private final BoundedTable<Counter> table = new BoundedTable<>("t", 3, 10 * S, Counter::new);

  @Test
  void insertsFindsAndReusesStateForTheSameKey() {
    Counter a = table.upsert(1, 2, 3, 0);
    assertThat(table.wasCreated()).isTrue();
    a.n = 7;
    Counter again = table.upsert(1, 2, 3, S);
    assertThat(table.wasCreated()).isFalse();
    assertThat(again).isSameAs(a);
    assertThat(again.n).isEqualTo(7);
    assertThat(table.find(1, 2, 3)).isSameAs(a);
    assertThat(table.find(1, 2, 4)).isNull();
  }

  @Test
  void evictsTheLeastRecentlyUsedEntryWhenFullAndCountsIt() {
    table.upsert(0, 1, 0, 0);
    table.upsert(0, 2, 0, 1);
    table.upsert(0, 3, 0, 2);
    table.upsert(0, 1, 0, 3); // 1 is now the most recent; 2 is the oldest
    table.upsert(0, 4, 0, 4);
    assertThat(table.size()).isEqualTo(3);
    assertThat(table.evictions()).isEqualTo(1);
    assertThat(table.find(0, 2, 0)).isNull();
    assertThat(table.find(0, 1, 0)).isNotNull();
    assertThat(table.find(0, 4, 0)).isNotNull();
  }

  @Test
  void expiresIdleEntriesInPacketTime() {
    table.upsert(0, 1, 0, 0);
    table.upsert(0, 2, 0, 5 * S);
    table.expire(10 * S);
    assertThat(table.size()).isEqualTo(2);
    table.expire(10 * S + 1);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.find(0, 1, 0)).isNull();
    assertThat(table.expirations()).isEqualTo(1);
  }

  @Test
  void aMillionRandomKeysNeverGrowItPastItsLimit() {
    BoundedTable<Counter> big = new BoundedTable<>("big", 1000, 60 * S, Counter::new);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1_000_000; i++) {
      big.upsert(random.nextLong(), random.nextLong(), random.nextInt(), i);
      if (big.wasCreated()) {
        big.upsert(0, 0, 0, i);
      }
    }
    assertThat(big.size()).isEqualTo(1000);
    assertThat(big.evictions()).isGreaterThan(990_000);
    // The hot key touched on every insert survives the churn.
    assertThat(big.find(0, 0, 0)).isNotNull();
  }

  @Test
  void removedSlotsAreReused() {
    for (int round = 0; round < 100; round++) {
      table.upsert(0, round, 0, round);
      table.remove(0, round, 0);
    }
    assertThat(table.size()).isZero();
    table.upsert(0, 1, 0, 0);
    table.upsert(0, 2, 0, 0);
    table.upsert(0, 3, 0, 0);
    assertThat(table.size()).isEqualTo(3);
    assertThat(table.evictions()).isZero();
  }
}
