package io.netsentinel.vt;

import io.netsentinel.api.Categories;

/** What a detector looks up: the VirusTotal collection, the alert category and the names derived from them. */
enum IndicatorKind {
  IP("ip_addresses", "ip_address", Categories.VT_MALICIOUS_IP, "ip", "https://www.virustotal.com/gui/ip-address/"),
  DOMAIN("domains", "domain", Categories.VT_MALICIOUS_DOMAIN, "domain", "https://www.virustotal.com/gui/domain/");

  /** The path segment under the API root: {@code /ip_addresses/{ip}} or {@code /domains/{name}}. */
  final String collection;
  /** The {@code data.type} of the object VirusTotal returns. */
  final String objectType;
  final String category;
  /** Used in file and thread names. */
  final String shortName;
  /** The page a person opens to read the report. */
  final String guiPrefix;

  IndicatorKind(String collection, String objectType, String category, String shortName, String guiPrefix) {
    this.collection = collection;
    this.objectType = objectType;
    this.category = category;
    this.shortName = shortName;
    this.guiPrefix = guiPrefix;
  }

  String cacheFileName() {
    return "virustotal-" + shortName + "-cache.json";
  }
}
