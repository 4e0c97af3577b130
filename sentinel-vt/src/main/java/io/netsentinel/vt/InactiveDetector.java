package io.netsentinel.vt;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.Detector;
import io.netsentinel.api.PacketView;

/** A VirusTotal detector without an API key: it looks at nothing and starts no thread. */
final class InactiveDetector implements Detector {
  @Override
  public void inspect(PacketView packet, AlertEmitter alerts) {}
}
