package io.netsentinel.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The top-level keys of {@code sentinel_config.json}: every key of the seed, with the seed's defaults, and the keys
 * added since. {@link Settings} validates these when a file is loaded and warns about any other top-level key.
 */
final class ConfigKeys {

  enum Type {
    STRING("a string"),
    PATH("a file path"),
    URL("an http(s) URL"),
    PORT("a port number 1-65535"),
    POSITIVE_INT("a positive integer"),
    POSITIVE_LONG("a positive integer"),
    SECONDS("a number of seconds greater than 0"),
    NON_NEGATIVE_SECONDS("a number of seconds, 0 or more"),
    PORT_LIST("a list of port numbers 1-65535"),
    NETWORK_LIST("a list of CIDR blocks such as \"10.0.0.0/8\""),
    STRING_LIST("a list of strings"),
    BOOLEAN("true or false"),
    SECTION("an object whose keys are plugin ids");

    final String expected;

    Type(String expected) {
      this.expected = expected;
    }
  }

  record Key(String name, Type type, Object defaultValue) {}

  static final Map<String, Key> KEYS =
      index(
          // Connection and certificates (seed).
          new Key("server_host", Type.STRING, "127.0.0.1"),
          new Key("server_port", Type.PORT, 8443),
          new Key("api_key", Type.STRING, ""),
          new Key("ca_cert", Type.PATH, "certs/ca.crt"),
          new Key("server_cert", Type.PATH, "certs/server.crt"),
          new Key("server_key", Type.PATH, "certs/server.key"),
          new Key("virustotal_api_key", Type.STRING, ""),
          // Detector thresholds (seed).
          new Key("port_scan_window", Type.SECONDS, 10),
          new Key("port_scan_threshold", Type.POSITIVE_INT, 15),
          new Key("syn_flood_window", Type.SECONDS, 5),
          new Key("syn_flood_threshold", Type.POSITIVE_INT, 200),
          new Key("icmp_flood_window", Type.SECONDS, 5),
          new Key("icmp_flood_threshold", Type.POSITIVE_INT, 100),
          new Key("dns_tunnel_query_len", Type.POSITIVE_INT, 50),
          new Key("exfil_window", Type.SECONDS, 60),
          new Key("exfil_bytes_threshold", Type.POSITIVE_LONG, 5L * 1024 * 1024),
          new Key("bruteforce_window", Type.SECONDS, 30),
          new Key("bruteforce_threshold", Type.POSITIVE_INT, 30),
          new Key("alert_cooldown", Type.NON_NEGATIVE_SECONDS, 15),
          // Added by the detectors issue.
          new Key("syn_flood_dest_threshold", Type.POSITIVE_INT, 1000),
          new Key("syn_flood_dest_min_sources", Type.POSITIVE_INT, 100),
          new Key("arp_window", Type.SECONDS, 60),
          new Key("arp_max_ips_per_mac", Type.POSITIVE_INT, 1),
          new Key("arp_allowlist", Type.STRING_LIST, List.of()),
          // Bounded state: the most entries each detector table holds.
          new Key("max_table_entries", Type.POSITIVE_INT, 65536),
          // Threads that run detectors; absent means automatic (Sentinel.Builder.automaticWorkers).
          new Key("detection_workers", Type.POSITIVE_INT, "auto"),
          // Added by the design.
          new Key("home_networks", Type.NETWORK_LIST, List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")),
          new Key("suspicious_ports", Type.PORT_LIST, List.of(4444, 31337, 1337, 6667, 12345, 5555, 6666)),
          new Key("auth_ports", Type.PORT_LIST, List.of(21, 22, 23, 25, 110, 143, 445, 1433, 3306, 3389, 5432, 5900)),
          new Key("virustotal_base_url", Type.URL, "https://www.virustotal.com/api/v3"),
          new Key("virustotal_requests_per_minute", Type.POSITIVE_INT, 4),
          new Key("virustotal_daily_quota", Type.POSITIVE_INT, 500),
          // Added by the VirusTotal issue.
          new Key("virustotal_drain_timeout_s", Type.NON_NEGATIVE_SECONDS, 30),
          new Key("virustotal_lookup_documentation_ranges", Type.BOOLEAN, false),
          new Key("data_dir", Type.PATH, "data"),
          new Key("database_url", Type.STRING, ""),
          // Added by the server issue.
          new Key("retention_days", Type.POSITIVE_INT, 30),
          new Key("agent_alerts_per_5s", Type.POSITIVE_INT, 50),
          new Key("max_agents", Type.POSITIVE_INT, 500),
          // Per-plugin sections: {"detectors": {"port-scan": {"enabled": false}}}.
          new Key("detectors", Type.SECTION, Map.of()),
          new Key("sinks", Type.SECTION, Map.of()),
          new Key("sources", Type.SECTION, Map.of()));

  private static Map<String, Key> index(Key... keys) {
    Map<String, Key> byName = new TreeMap<>();
    for (Key key : keys) {
      byName.put(key.name(), key);
    }
    return Collections.unmodifiableMap(byName);
  }

  private ConfigKeys() {}
}
