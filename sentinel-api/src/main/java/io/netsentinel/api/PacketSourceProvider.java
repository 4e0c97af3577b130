package io.netsentinel.api;

import java.io.IOException;

/** The service interface for packet sources, found through {@link java.util.ServiceLoader}. */
public interface PacketSourceProvider {

  /** A stable, unique, kebab-case id such as {@code pcap-file}. */
  String id();

  PacketSource open(SourceContext context) throws IOException;
}
