package io.netsentinel.vt;

/**
 * Response bodies in the shape of VirusTotal API v3: an IP address object, a domain object, and the error object.
 * Trimmed to a few engines, but every field the detectors read sits where VirusTotal puts it.
 */
final class VtBodies {
  private VtBodies() {}

  /** A {@code GET /ip_addresses/{ip}} answer. */
  static String ip(String ip, int malicious, int suspicious, int harmless, int undetected, int reputation) {
    return """
        {
          "data": {
            "id": "%1$s",
            "type": "ip_address",
            "links": {"self": "https://www.virustotal.com/api/v3/ip_addresses/%1$s"},
            "attributes": {
              "as_owner": "EXAMPLE-AS",
              "asn": 64500,
              "continent": "EU",
              "country": "NL",
              "network": "%1$s/24",
              "regional_internet_registry": "RIPE NCC",
              "jarm": "29d29d00029d29d00042d42d000000ed1cf37c9a169b41886e27ba8fad60b0",
              "last_analysis_date": 1732000000,
              "last_modification_date": 1732000500,
              "last_analysis_results": {
                "Acronis": {"method": "blacklist", "engine_name": "Acronis", "category": "harmless", "result": "clean"},
                "Fortinet": {"method": "blacklist", "engine_name": "Fortinet", "category": "%2$s", "result": "%3$s"},
                "Kaspersky": {"method": "blacklist", "engine_name": "Kaspersky", "category": "undetected", "result": "unrated"}
              },
              "last_analysis_stats": {"harmless": %4$d, "malicious": %5$d, "suspicious": %6$d, "undetected": %7$d, "timeout": 0},
              "reputation": %8$d,
              "tags": [],
              "total_votes": {"harmless": 3, "malicious": 7},
              "whois": "NetRange: %1$s - %1$s\\nOrgName: Example\\n",
              "whois_date": 1731000000
            }
          }
        }
        """.formatted(ip, malicious > 0 ? "malicious" : "harmless", malicious > 0 ? "malware" : "clean", harmless,
        malicious, suspicious, undetected, reputation);
  }

  /** A {@code GET /domains/{name}} answer. */
  static String domain(String name, int malicious, int suspicious, int harmless, int undetected, int reputation) {
    String tld = name.substring(name.lastIndexOf('.') + 1);
    return """
        {
          "data": {
            "id": "%1$s",
            "type": "domain",
            "links": {"self": "https://www.virustotal.com/api/v3/domains/%1$s"},
            "attributes": {
              "categories": {"Forcepoint ThreatSeeker": "information technology", "Sophos": "malware callhome"},
              "creation_date": 1609459200,
              "last_update_date": 1700000000,
              "registrar": "Example Registrar, Inc.",
              "tld": "%2$s",
              "last_dns_records": [
                {"type": "A", "ttl": 300, "value": "192.0.2.44"},
                {"type": "NS", "ttl": 3600, "value": "ns1.%1$s"}
              ],
              "last_dns_records_date": 1731990000,
              "last_https_certificate_date": 1731990000,
              "last_analysis_date": 1732000000,
              "last_modification_date": 1732000500,
              "last_analysis_results": {
                "BitDefender": {"method": "blacklist", "engine_name": "BitDefender", "category": "%3$s", "result": "%4$s"},
                "CRDF": {"method": "blacklist", "engine_name": "CRDF", "category": "undetected", "result": "unrated"}
              },
              "last_analysis_stats": {"harmless": %5$d, "malicious": %6$d, "suspicious": %7$d, "undetected": %8$d, "timeout": 0},
              "popularity_ranks": {"Majestic": {"rank": 912345, "timestamp": 1731900000}},
              "reputation": %9$d,
              "tags": [],
              "total_votes": {"harmless": 0, "malicious": 4},
              "whois": "Domain Name: %1$s\\nRegistrar: Example Registrar, Inc.\\n"
            }
          }
        }
        """.formatted(name, tld, malicious > 0 ? "malicious" : "harmless", malicious > 0 ? "malware" : "clean",
        harmless, malicious, suspicious, undetected, reputation);
  }

  /** The v3 error object: {@code {"error": {"code": ..., "message": ...}}}. */
  static String error(String code, String message) {
    return "{\"error\": {\"code\": \"" + code + "\", \"message\": \"" + message + "\"}}";
  }

  static String notFound(String what) {
    return error("NotFoundError", what + " not found");
  }

  static String wrongCredentials() {
    return error("WrongCredentialsError", "Wrong API key");
  }

  static String quotaExceeded() {
    return error("QuotaExceededError", "Quota exceeded");
  }

  static String transientError() {
    return error("TransientError", "Please try again later");
  }
}
