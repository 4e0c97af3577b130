package io.netsentinel.engine;

/**
 * One discovered provider.
 *
 * @param id the provider's id
 * @param kind {@code detector}, {@code source} or {@code sink}
 * @param className the provider class
 * @param origin {@code classpath}, or the path of the plugin JAR it came from
 */
public record PluginInfo(String id, String kind, String className, String origin) {}
