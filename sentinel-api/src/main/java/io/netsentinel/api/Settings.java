package io.netsentinel.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Configuration values, immutable. The top level is {@code sentinel_config.json}; every key the product knows is
 * validated on load, with an error that names the key, the value and what was expected, and any other key becomes a
 * {@linkplain #warnings() warning}. A plugin sees a {@linkplain #section(String, String) section} view: its own
 * object, falling back to the top level.
 *
 * <p>Relative paths resolve against the folder of the file the settings came from.
 */
public final class Settings {
  /** The environment variable that overrides {@code virustotal_api_key}. */
  public static final String VIRUSTOTAL_API_KEY_ENV = "VIRUSTOTAL_API_KEY";

  private final Map<String, Object> top;
  private final Map<String, Object> own;
  private final String scope;
  private final String origin;
  private final Path baseDir;
  private final List<String> warnings;

  private Settings(
      Map<String, Object> top,
      Map<String, Object> own,
      String scope,
      String origin,
      Path baseDir,
      List<String> warnings) {
    this.top = top;
    this.own = own;
    this.scope = scope;
    this.origin = origin;
    this.baseDir = baseDir;
    this.warnings = warnings;
  }

  /** No values: every known key has its default. */
  public static Settings empty() {
    return of(Map.of());
  }

  /** Settings from values in memory; relative paths resolve against the working directory. */
  public static Settings of(Map<String, ?> values) {
    return validated(new LinkedHashMap<>(values), "settings", Path.of(""));
  }

  /** Loads and validates a config file. */
  public static Settings load(Path file) throws IOException {
    String json;
    try {
      json = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new SettingsException(file + ": config file not found");
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(json, file.toString(), dir == null ? Path.of("") : dir);
  }

  /** Parses and validates JSON text; {@code origin} names it in messages. */
  public static Settings parse(String json, String origin, Path baseDir) {
    Object root;
    try (JsonParser parser =
        JsonFactory.builder().build().createParser(json).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new SettingsException(origin + ": expected a JSON object at the top level");
      }
      root = JsonTree.read(parser);
      if (parser.nextToken() != null) {
        throw new SettingsException(
            origin + ": unexpected content after the top-level object at line " + parser.currentLocation().getLineNr());
      }
    } catch (JsonParseException e) {
      throw new SettingsException(
          origin
              + ": invalid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new SettingsException(origin + ": cannot read: " + e.getMessage(), e);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) root;
    return validated(values, origin, baseDir);
  }

  private static Settings validated(Map<String, Object> values, String origin, Path baseDir) {
    List<String> warnings = new ArrayList<>();
    Settings settings = new Settings(values, Map.of(), "", origin, baseDir, warnings);
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      ConfigKeys.Key key = ConfigKeys.KEYS.get(entry.getKey());
      if (key == null) {
        warnings.add(origin + ": unknown key '" + entry.getKey() + "' is ignored" + suggestion(entry.getKey()));
        continue;
      }
      settings.convert(key.name(), entry.getValue(), key.type());
    }
    return new Settings(
        Collections.unmodifiableMap(values), Map.of(), "", origin, baseDir, List.copyOf(warnings));
  }

  private static String suggestion(String unknown) {
    String best = null;
    int bestDistance = 3;
    for (String known : ConfigKeys.KEYS.keySet()) {
      int d = editDistance(unknown.toLowerCase(), known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Warnings found while loading: unknown keys, with a suggestion when one is close. */
  public List<String> warnings() {
    return warnings;
  }

  /** A copy with {@code key} set (for command-line overrides and the builder); validated like a file value. */
  public Settings with(String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(top);
    copy.put(key, value);
    Settings updated = validated(copy, origin, baseDir);
    List<String> merged = new ArrayList<>(warnings);
    for (String w : updated.warnings) {
      if (!merged.contains(w)) {
        merged.add(w);
      }
    }
    return new Settings(updated.top, Map.of(), "", origin, baseDir, List.copyOf(merged));
  }

  /**
   * Applies the environment: {@value #VIRUSTOTAL_API_KEY_ENV}, when set and not empty, replaces {@code
   * virustotal_api_key}. The caller passes the environment (usually {@code System.getenv()}).
   */
  public Settings withEnvironment(Map<String, String> environment) {
    String key = environment.get(VIRUSTOTAL_API_KEY_ENV);
    return key == null || key.isBlank() ? this : with("virustotal_api_key", key.trim());
  }

  /**
   * The view a plugin sees: keys of {@code kind.id} (for example {@code detectors.port-scan}) first, then the top
   * level.
   */
  public Settings section(String kind, String id) {
    Object sectionValue = top.get(kind);
    Map<String, Object> own = Map.of();
    if (sectionValue instanceof Map<?, ?> all) {
      Object mine = all.get(id);
      if (mine instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        own = typed;
      } else if (mine != null) {
        throw new SettingsException(origin + ": " + kind + "." + id + ": expected an object, got " + render(mine));
      }
    }
    return new Settings(top, own, kind + "." + id, origin, baseDir, warnings);
  }

  /** The raw values of one plugin's section ({@code kind.id}), empty when there is none. */
  public Map<String, Object> sectionValues(String kind, String id) {
    Object all = top.get(kind);
    if (all instanceof Map<?, ?> map && map.get(id) instanceof Map<?, ?> mine) {
      Map<String, Object> copy = new LinkedHashMap<>();
      mine.forEach((k, v) -> copy.put(String.valueOf(k), v));
      return copy;
    }
    return Map.of();
  }

  /** The ids named in a plugin section ({@code detectors}, {@code sinks} or {@code sources}). */
  public Set<String> sectionIds(String kind) {
    Object value = top.get(kind);
    return value instanceof Map<?, ?> map ? new TreeSet<>(castKeys(map)) : Set.of();
  }

  private static Set<String> castKeys(Map<?, ?> map) {
    Set<String> keys = new TreeSet<>();
    for (Object k : map.keySet()) {
      keys.add(String.valueOf(k));
    }
    return keys;
  }

  /** True when the key is set (in this section, or at the top level). */
  public boolean has(String key) {
    return own.containsKey(key) || top.containsKey(key);
  }

  public String getString(String key) {
    return (String) value(key, ConfigKeys.Type.STRING);
  }

  public String getString(String key, String defaultValue) {
    return has(key) ? (String) convert(key, raw(key), ConfigKeys.Type.STRING) : defaultValue;
  }

  public int getInt(String key) {
    return ((Number) value(key, ConfigKeys.Type.POSITIVE_INT)).intValue();
  }

  /** A positive integer. */
  public int getInt(String key, int defaultValue) {
    return has(key) ? ((Number) convert(key, raw(key), ConfigKeys.Type.POSITIVE_INT)).intValue() : defaultValue;
  }

  public long getLong(String key) {
    return ((Number) value(key, ConfigKeys.Type.POSITIVE_LONG)).longValue();
  }

  public long getLong(String key, long defaultValue) {
    return has(key) ? ((Number) convert(key, raw(key), ConfigKeys.Type.POSITIVE_LONG)).longValue() : defaultValue;
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    if (!has(key)) {
      return defaultValue;
    }
    Object v = raw(key);
    if (v instanceof Boolean b) {
      return b;
    }
    throw invalid(key, v, "true or false");
  }

  /** A known boolean key, with its default. */
  public boolean getBoolean(String key) {
    return (Boolean) value(key, ConfigKeys.Type.BOOLEAN);
  }

  /** A duration given in seconds (fractions allowed), in nanoseconds. */
  public long getDurationNanos(String key) {
    return toNanos(value(key, ConfigKeys.Type.NON_NEGATIVE_SECONDS));
  }

  public long getDurationNanos(String key, double defaultSeconds) {
    return has(key)
        ? toNanos(convert(key, raw(key), ConfigKeys.Type.NON_NEGATIVE_SECONDS))
        : Math.round(defaultSeconds * 1e9);
  }

  private static long toNanos(Object seconds) {
    return Math.round(((Number) seconds).doubleValue() * 1e9);
  }

  /** A path, resolved against the config file's folder when relative. */
  public Path getPath(String key) {
    return (Path) value(key, ConfigKeys.Type.PATH);
  }

  public Path getPath(String key, String defaultValue) {
    return (Path) convert(key, has(key) ? raw(key) : defaultValue, ConfigKeys.Type.PATH);
  }

  @SuppressWarnings("unchecked")
  public List<Integer> getPorts(String key) {
    return (List<Integer>) value(key, ConfigKeys.Type.PORT_LIST);
  }

  @SuppressWarnings("unchecked")
  public List<IpRange> getNetworks(String key) {
    return (List<IpRange>) value(key, ConfigKeys.Type.NETWORK_LIST);
  }

  @SuppressWarnings("unchecked")
  public List<String> getStrings(String key) {
    return (List<String>) value(key, ConfigKeys.Type.STRING_LIST);
  }

  /** Where these settings came from (a file name), for messages. */
  public String origin() {
    return origin;
  }

  /** The folder relative paths resolve against. */
  public Path baseDir() {
    return baseDir;
  }

  private Object raw(String key) {
    return own.containsKey(key) ? own.get(key) : top.get(key);
  }

  private Object value(String key, ConfigKeys.Type fallbackType) {
    ConfigKeys.Key known = ConfigKeys.KEYS.get(key);
    ConfigKeys.Type type = known != null ? known.type() : fallbackType;
    if (has(key)) {
      return convert(key, raw(key), type);
    }
    if (known == null) {
      throw new SettingsException(origin + ": " + qualified(key) + " is required (" + type.expected + ")");
    }
    return convert(key, known.defaultValue(), type);
  }

  private String qualified(String key) {
    return own.containsKey(key) ? scope + "." + key : key;
  }

  private Object convert(String key, Object v, ConfigKeys.Type type) {
    switch (type) {
      case STRING:
        if (v instanceof String s) {
          return s;
        }
        throw invalid(key, v, type.expected);
      case PATH:
        if (v instanceof String s && !s.isBlank()) {
          Path p = Path.of(s);
          return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
        }
        throw invalid(key, v, type.expected);
      case URL:
        if (v instanceof String s && (s.startsWith("https://") || s.startsWith("http://"))) {
          return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }
        throw invalid(key, v, type.expected);
      case PORT:
        return port(key, v);
      case POSITIVE_INT:
      case POSITIVE_LONG:
        {
          long max = type == ConfigKeys.Type.POSITIVE_INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
          if (isIntegral(v) && ((Number) v).longValue() > 0 && ((Number) v).longValue() <= max) {
            return ((Number) v).longValue();
          }
          throw invalid(key, v, type.expected);
        }
      case SECONDS:
      case NON_NEGATIVE_SECONDS:
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
          double seconds = n.doubleValue();
          boolean ok = type == ConfigKeys.Type.SECONDS ? seconds > 0 : seconds >= 0;
          if (ok && seconds <= 366 * 86400.0) {
            return n.doubleValue();
          }
        }
        throw invalid(key, v, type.expected);
      case PORT_LIST:
        {
          List<Integer> ports = new ArrayList<>();
          for (Object item : listOf(key, v, type)) {
            ports.add(port(key, item instanceof String s ? parseIntOrNull(s.trim()) : item));
          }
          return List.copyOf(ports);
        }
      case NETWORK_LIST:
        {
          List<IpRange> ranges = new ArrayList<>();
          for (Object item : listOf(key, v, type)) {
            if (!(item instanceof String s)) {
              throw invalid(key, item, type.expected);
            }
            try {
              ranges.add(IpRange.parse(s));
            } catch (IllegalArgumentException e) {
              throw invalid(key, item, type.expected + " (" + e.getMessage() + ")");
            }
          }
          return List.copyOf(ranges);
        }
      case BOOLEAN:
        if (v instanceof Boolean) {
          return v;
        }
        throw invalid(key, v, type.expected);
      case STRING_LIST:
        {
          List<String> strings = new ArrayList<>();
          for (Object item : listOf(key, v, type)) {
            if (!(item instanceof String str)) {
              throw invalid(key, item, type.expected);
            }
            strings.add(str);
          }
          return List.copyOf(strings);
        }
      case SECTION:
        if (v instanceof Map<?, ?>) {
          return v;
        }
        throw invalid(key, v, type.expected);
      default:
        throw new IllegalStateException(type.name());
    }
  }

  private List<?> listOf(String key, Object v, ConfigKeys.Type type) {
    if (v instanceof List<?> list) {
      return list;
    }
    if (v instanceof String s) {
      // "22, 23, 3389" is accepted as well as [22, 23, 3389].
      List<String> parts = new ArrayList<>();
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          parts.add(part.trim());
        }
      }
      return parts;
    }
    throw invalid(key, v, type.expected);
  }

  private Integer port(String key, Object v) {
    if (isIntegral(v) && ((Number) v).longValue() >= 1 && ((Number) v).longValue() <= 65535) {
      return ((Number) v).intValue();
    }
    throw invalid(key, v, ConfigKeys.Type.PORT.expected);
  }

  private static Object parseIntOrNull(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return s;
    }
  }

  private static boolean isIntegral(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return true;
    }
    return v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e15;
  }

  private SettingsException invalid(String key, Object v, String expected) {
    return new SettingsException(
        origin + ": " + qualified(key) + ": expected " + expected + ", got " + render(v));
  }

  private static String render(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      String shown = s.length() > 60 ? s.substring(0, 60) + "…" : s;
      return "\"" + shown + "\"";
    }
    String text = v.toString();
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }

  @Override
  public String toString() {
    return "Settings[" + origin + (scope.isEmpty() ? "" : " " + scope) + "]";
  }
}
