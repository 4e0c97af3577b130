package io.netsentinel.agent;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run of the agent does, as the command line asked: an offline analysis of {@code read}, or live capture
 * when {@code read} is null.
 *
 * @param detectors the detector ids to run, or null for all
 * @param duration live: seconds to capture, or null until stopped
 * @param httpPort live: the port of /healthz and /metrics on 127.0.0.1, or 0 for none
 * @param dashboardUrl the server's dashboard, for the tray menu
 * @param sensorName the name stamped on alerts and registered with the server
 * @param rebaseTime offline: shift the capture's timestamps so that it starts now
 */
record RunOptions(
    Path read,
    boolean json,
    Path eve,
    List<String> detectors,
    String iface,
    String filter,
    Long duration,
    boolean tray,
    int httpPort,
    boolean eventLog,
    String dashboardUrl,
    boolean progress,
    String sensorName,
    boolean rebaseTime,
    Integer workers) {

  boolean live() {
    return read == null;
  }
}
