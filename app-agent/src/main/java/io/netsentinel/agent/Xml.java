package io.netsentinel.agent;

/** Escaping for the text and attribute values of the generated plist and WinSW descriptor. */
final class Xml {
  private Xml() {}

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
