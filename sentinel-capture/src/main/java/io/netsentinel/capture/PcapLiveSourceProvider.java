package io.netsentinel.capture;

import io.netsentinel.api.PacketSource;
import io.netsentinel.api.PacketSourceProvider;
import io.netsentinel.api.SourceContext;
import java.io.IOException;

/** Captures live from an interface through libpcap; settings as in {@link LiveOptions#from}. */
public final class PcapLiveSourceProvider implements PacketSourceProvider {
  @Override
  public String id() {
    return "pcap-live";
  }

  @Override
  public PacketSource open(SourceContext context) throws IOException {
    return LiveCapture.open(LiveOptions.from(context.settings()), context.logger());
  }
}
