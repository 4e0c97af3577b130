package io.netsentinel.api;

/** How bad an alert is, in increasing order; the names are the wire values. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL
}
