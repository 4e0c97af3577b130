package io.netsentinel.agent;

import io.netsentinel.engine.PluginInfo;
import io.netsentinel.engine.PluginRegistry;
import java.io.PrintStream;

/** {@code --list-plugins}: id, kind and origin of every provider, then the JARs that were skipped. */
final class PluginListing {
  private PluginListing() {}

  static void print(PluginRegistry registry, PrintStream out) {
    out.printf("%-22s %-9s %s%n", "ID", "KIND", "FROM");
    for (PluginInfo p : registry.plugins()) {
      out.printf("%-22s %-9s %s (%s)%n", p.id(), p.kind(), p.origin(), p.className());
    }
    if (!registry.problems().isEmpty()) {
      out.println();
      out.println("Skipped:");
      for (String problem : registry.problems()) {
        out.println("  " + problem);
      }
    }
  }
}
