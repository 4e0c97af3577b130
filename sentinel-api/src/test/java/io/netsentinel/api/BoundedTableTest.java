package io.netsentinel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
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

  @Test
  void agreesWithAMapUnderRandomInsertsAndRemovalsWhileItGrows() {
    // Removal shifts index cells back: every key still present must stay findable, every removed one gone.
    BoundedTable<Void> values = new BoundedTable<>("v", 5000, 60 * S, null, 2);
    Map<Long, Long> model = new HashMap<>();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      long key = random.nextInt(4000);
      if (random.nextInt(3) == 0) {
        values.remove(key >>> 7, key, (int) key & 3);
        model.remove(key);
      } else {
        values.upsert(key >>> 7, key, (int) key & 3, i);
        values.values()[values.valueIndex() + 1] += key;
        model.merge(key, key, Long::sum);
      }
    }
    assertThat(values.size()).isEqualTo(model.size());
    assertThat(values.evictions()).isZero();
    for (long key = 0; key < 4000; key++) {
      values.upsert(key >>> 7, key, (int) key & 3, 300_000);
      long held = values.values()[values.valueIndex() + 1];
      assertThat(held).as("key %d", key).isEqualTo(model.getOrDefault(key, 0L));
    }
  }

  @Test
  void evictsTheSameEntriesWhateverItsHashSeed() {
    // Two tables have different random seeds; a replay must still give the same result in both.
    BoundedTable<Void> a = new BoundedTable<>("a", 500, 60 * S, null, 1);
    BoundedTable<Void> b = new BoundedTable<>("b", 500, 60 * S, null, 1);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 50_000; i++) {
      long key = random.nextInt(2000);
      a.upsert(0, key, 0, i);
      b.upsert(0, key, 0, i);
    }
    assertThat(a.evictions()).isEqualTo(b.evictions()).isPositive();
    for (long key = 0; key < 2000; key++) {
      assertThat(a.find(0, key, 0) == null).isEqualTo(b.find(0, key, 0) == null);
    }
  }

  @Test
  void keysThatDifferOnlyInOneWordAreDistinct() {
    BoundedTable<Counter> t = new BoundedTable<>("t", 100, 60 * S, Counter::new);
    t.upsert(1, 2, 3, 0).n = 1;
    t.upsert(2, 2, 3, 0).n = 2;
    t.upsert(1, 3, 3, 0).n = 3;
    t.upsert(1, 2, 4, 0).n = 4;
    assertThat(t.size()).isEqualTo(4);
    assertThat(t.find(1, 2, 3).n).isEqualTo(1);
    assertThat(t.find(2, 2, 3).n).isEqualTo(2);
    assertThat(t.find(1, 3, 3).n).isEqualTo(3);
    assertThat(t.find(1, 2, 4).n).isEqualTo(4);
  }
}
