package io.netsentinel.capture;

import java.util.List;

/** A capture interface as libpcap lists it, for {@code --list-interfaces}. */
public record LiveInterface(String name, String description, boolean up, boolean loopback, List<String> addresses) {
  public LiveInterface {
    addresses = List.copyOf(addresses);
  }

  @Override
  public String toString() {
    return name + (up ? "" : " (down)") + (loopback ? " (loopback)" : "")
        + (addresses.isEmpty() ? "" : " " + String.join(", ", addresses))
        + (description == null || description.isBlank() ? "" : " - " + description);
  }
}
