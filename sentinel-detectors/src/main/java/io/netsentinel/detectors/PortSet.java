package io.netsentinel.detectors;

import java.util.BitSet;
import java.util.List;

/** A set of ports with a constant-time, allocation-free membership test. */
final class PortSet {
  private final BitSet ports = new BitSet(65536);

  PortSet(List<Integer> list) {
    list.forEach(ports::set);
  }

  boolean contains(int port) {
    return port >= 0 && ports.get(port);
  }
}
