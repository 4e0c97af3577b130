package io.netsentinel.detectors;

/**
 * The distinct int values (ports, IPv4 addresses) seen within a window, with when each was last seen, oldest first,
 * at most {@code capacity} of them. Fixed size, no allocation: a rule that fires at {@code capacity} distinct values
 * needs no more.
 */
final class RecentDistinct {
  final int[] values;
  final long[] times;
  int count;

  RecentDistinct(int capacity) {
    values = new int[capacity];
    times = new long[capacity];
  }

  void clear() {
    count = 0;
  }

  /** Drops what left the window, records {@code value} at {@code now}, and returns the number of distinct values. */
  int add(int value, long now, long window) {
    int kept = 0;
    int found = -1;
    for (int i = 0; i < count; i++) {
      if (now - times[i] <= window) {
        if (values[i] == value) {
          found = kept;
        }
        values[kept] = values[i];
        times[kept] = times[i];
        kept++;
      }
    }
    count = kept;
    if (found >= 0) {
      times[found] = now;
    } else if (count < values.length) {
      values[count] = value;
      times[count] = now;
      count++;
    }
    return count;
  }
}
