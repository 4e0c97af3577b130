package io.netsentinel.engine;

import io.netsentinel.api.AlertSinkProvider;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.PacketSourceProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds detectors, sources and sinks with {@link ServiceLoader}: on the classpath, and in every JAR of a plugin
 * folder, each JAR through its own class loader. A JAR that cannot be read, or whose provider fails to load, is
 * reported in {@link #problems()} and skipped, so one broken plugin never stops the others. Two providers with the
 * same id are an error, and so is asking for an id nobody provides.
 */
public final class PluginRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
  private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  static final String CLASSPATH = "classpath";

  private final Map<String, Entry<DetectorProvider>> detectors = new LinkedHashMap<>();
  private final Map<String, Entry<PacketSourceProvider>> sources = new LinkedHashMap<>();
  private final Map<String, Entry<AlertSinkProvider>> sinks = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final List<URLClassLoader> loaders = new ArrayList<>();

  private record Entry<T>(T provider, String origin) {}

  private PluginRegistry() {}

  /** Providers on the class path of {@code loader} only. */
  public static PluginRegistry fromClasspath(ClassLoader loader) {
    return load(loader, null);
  }

  /**
   * Providers on the class path of {@code parent}, plus those in each {@code *.jar} of {@code pluginDir} (which may
   * be null or missing).
   *
   * @throws PluginException for a duplicate id, or a plugin folder that is not a readable directory
   */
  public static PluginRegistry load(ClassLoader parent, Path pluginDir) {
    PluginRegistry registry = new PluginRegistry();
    try {
      registry.discover(parent, CLASSPATH, false);
      if (pluginDir != null && Files.exists(pluginDir)) {
        registry.loadFolder(parent, pluginDir);
      }
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  private void loadFolder(ClassLoader parent, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new PluginException("plugin folder " + dir + " is not a directory");
    }
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jar")) {
      stream.forEach(jars::add);
    } catch (IOException e) {
      throw new PluginException("cannot list plugin folder " + dir + ": " + e.getMessage(), e);
    }
    Collections.sort(jars);
    for (Path jar : jars) {
      try (JarFile ignored = new JarFile(jar.toFile())) {
        // Opened only to reject a corrupt archive with a clear message before a class loader swallows the fault.
      } catch (IOException e) {
        problem(jar + ": not a readable JAR (" + e.getMessage() + "); skipped");
        continue;
      }
      URLClassLoader loader;
      try {
        loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
      } catch (MalformedURLException e) {
        problem(jar + ": " + e.getMessage() + "; skipped");
        continue;
      }
      loaders.add(loader);
      int before = detectors.size() + sources.size() + sinks.size();
      int problemsBefore = problems.size();
      discover(loader, jar.toString(), true);
      if (detectors.size() + sources.size() + sinks.size() == before && problems.size() == problemsBefore) {
        LOG.warn("{}: provides no detector, source or sink (no META-INF/services entries)", jar);
      }
    }
  }

  private void discover(ClassLoader loader, String origin, boolean ownClassesOnly) {
    collect(DetectorProvider.class, "detector", DetectorProvider::id, detectors, loader, origin, ownClassesOnly);
    collect(PacketSourceProvider.class, "source", PacketSourceProvider::id, sources, loader, origin, ownClassesOnly);
    collect(AlertSinkProvider.class, "sink", AlertSinkProvider::id, sinks, loader, origin, ownClassesOnly);
  }

  private <T> void collect(
      Class<T> service,
      String kind,
      Function<T, String> idOf,
      Map<String, Entry<T>> into,
      ClassLoader loader,
      String origin,
      boolean ownClassesOnly) {
    Iterator<T> it = ServiceLoader.load(service, loader).iterator();
    while (true) {
      T provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        problem(origin + ": a " + kind + " provider failed to load (" + e.getMessage() + "); skipped");
        continue;
      }
      // A plugin loader delegates to its parent, which would list the classpath providers a second time.
      if (ownClassesOnly && provider.getClass().getClassLoader() != loader) {
        continue;
      }
      String id;
      try {
        id = idOf.apply(provider);
      } catch (RuntimeException | LinkageError e) {
        problem(origin + ": " + provider.getClass().getName() + ".id() failed (" + e + "); skipped");
        continue;
      }
      if (id == null || !ID.matcher(id).matches()) {
        problem(
            origin + ": " + provider.getClass().getName() + " has id '" + id
                + "', which is not kebab-case ([a-z0-9] words joined by '-'); skipped");
        continue;
      }
      Entry<T> existing = into.get(id);
      if (existing != null) {
        throw new PluginException(
            "duplicate " + kind + " id '" + id + "': provided by " + describe(existing) + " and by "
                + provider.getClass().getName() + " (" + origin + ")");
      }
      into.put(id, new Entry<>(provider, origin));
      LOG.debug("found {} '{}' ({}) in {}", kind, id, provider.getClass().getName(), origin);
    }
  }

  private static String describe(Entry<?> entry) {
    return entry.provider().getClass().getName() + " (" + entry.origin() + ")";
  }

  private void problem(String message) {
    problems.add(message);
    LOG.warn(message);
  }

  /** Every provider found, detectors first, in discovery order. */
  public List<PluginInfo> plugins() {
    List<PluginInfo> all = new ArrayList<>();
    detectors.forEach((id, e) -> all.add(info(id, "detector", e)));
    sources.forEach((id, e) -> all.add(info(id, "source", e)));
    sinks.forEach((id, e) -> all.add(info(id, "sink", e)));
    return all;
  }

  private static PluginInfo info(String id, String kind, Entry<?> e) {
    return new PluginInfo(id, kind, e.provider().getClass().getName(), e.origin());
  }

  /** Plugin JARs or providers that were skipped, each with the reason. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  public List<String> detectorIds() {
    return List.copyOf(detectors.keySet());
  }

  public List<String> sinkIds() {
    return List.copyOf(sinks.keySet());
  }

  public List<String> sourceIds() {
    return List.copyOf(sources.keySet());
  }

  public DetectorProvider detector(String id) {
    return require(detectors, "detector", id).provider();
  }

  public PacketSourceProvider source(String id) {
    return require(sources, "source", id).provider();
  }

  public AlertSinkProvider sink(String id) {
    return require(sinks, "sink", id).provider();
  }

  private static <T> Entry<T> require(Map<String, Entry<T>> map, String kind, String id) {
    Entry<T> entry = map.get(id);
    if (entry == null) {
      throw new PluginException(
          "no " + kind + " with id '" + id + "' is installed (available: "
              + (map.isEmpty() ? "none" : String.join(", ", map.keySet())) + ")");
    }
    return entry;
  }

  /** Closes the plugin class loaders. Providers from them must not be used afterwards. */
  @Override
  public void close() {
    for (URLClassLoader loader : loaders) {
      try {
        loader.close();
      } catch (IOException e) {
        LOG.debug("closing {}: {}", loader.getName(), e.toString());
      }
    }
    loaders.clear();
  }
}
