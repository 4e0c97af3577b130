package io.netsentinel.api;

/**
 * The service interface for detectors, found through {@link java.util.ServiceLoader}. Implementations need a public
 * no-argument constructor and a line in {@code META-INF/services/io.netsentinel.api.DetectorProvider}.
 */
public interface DetectorProvider {

  /** A stable, unique, kebab-case id such as {@code port-scan}. */
  String id();

  /**
   * Creates the detector for one worker. Invalid settings must be reported here by throwing {@link
   * SettingsException}, which names the key.
   */
  Detector create(DetectorContext context);
}
