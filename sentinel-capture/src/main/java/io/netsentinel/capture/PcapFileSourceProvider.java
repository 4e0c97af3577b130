package io.netsentinel.capture;

import io.netsentinel.api.PacketSource;
import io.netsentinel.api.PacketSourceProvider;
import io.netsentinel.api.SourceContext;
import java.io.IOException;

/** Reads a pcap or pcapng file, or a directory of them, named by the setting {@code path}. */
public final class PcapFileSourceProvider implements PacketSourceProvider {
  @Override
  public String id() {
    return "pcap-file";
  }

  @Override
  public PacketSource open(SourceContext context) throws IOException {
    return CaptureFiles.open(context.settings().getPath("path", "capture.pcap"), context.logger());
  }
}
