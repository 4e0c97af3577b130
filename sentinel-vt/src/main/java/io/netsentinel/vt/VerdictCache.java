package io.netsentinel.vt;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Verdicts by indicator, each with its own expiry (wall-clock milliseconds), at most {@code maxEntries} of them (the
 * least recently used goes first). Found, not-found and clean answers are saved to a JSON file, written to a temporary
 * file and moved into place, so a restart does not spend the quota again and a crash never leaves half a file. A
 * failure ("gave up for a while") is kept in memory only. Used by the lookup thread alone.
 */
final class VerdictCache {
  private static final int FORMAT_VERSION = 1;

  enum Status {
    /** An object was found; the verdict may or may not warrant an alert. */
    FOUND,
    /** VirusTotal has no object for the indicator. */
    NOT_FOUND,
    /** Lookups failed; do not ask again before the expiry. Never saved. */
    FAILED
  }

  record Entry(Status status, Verdict verdict, long expiresAt) {}

  private final int maxEntries;
  private final Path file;
  private final Logger log;
  private final ObjectMapper json = new ObjectMapper();
  private final LinkedHashMap<String, Entry> entries;
  private boolean dirty;

  /**
   * @param file where the cache is saved, or null for memory only
   */
  VerdictCache(int maxEntries, Path file, Logger log) {
    this.maxEntries = maxEntries;
    this.file = file;
    this.log = log;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > VerdictCache.this.maxEntries;
          }
        };
  }

  /** The live entry for the indicator, or null (an expired entry is dropped). */
  Entry get(String indicator, long now) {
    Entry e = entries.get(indicator);
    if (e != null && e.expiresAt() <= now) {
      entries.remove(indicator);
      if (e.status() != Status.FAILED) {
        dirty = true;
      }
      return null;
    }
    return e;
  }

  void put(String indicator, Entry entry) {
    entries.put(indicator, entry);
    if (entry.status() != Status.FAILED) {
      dirty = true;
    }
  }

  int size() {
    return entries.size();
  }

  /** True when there are answers not yet saved. */
  boolean dirty() {
    return dirty;
  }

  /** Forgets everything in memory (after a final save). */
  void clear() {
    entries.clear();
  }

  /** Reads the saved cache, skipping what has expired. A missing file is an empty cache; a broken one is a warning. */
  void load(long now) {
    if (file == null) {
      return;
    }
    Map<String, Entry> saved = readFile(now, true);
    for (Map.Entry<String, Entry> e : saved.entrySet()) {
      entries.putIfAbsent(e.getKey(), e.getValue());
    }
  }

  /**
   * Writes the live entries, merged with any saved by another instance meanwhile (those are kept only while there is
   * room). Returns false when it could not be written.
   */
  boolean save(long now) {
    if (file == null) {
      return true;
    }
    Map<String, Entry> merged = new LinkedHashMap<>();
    for (Map.Entry<String, Entry> e : readFile(now, false).entrySet()) {
      if (!entries.containsKey(e.getKey())) {
        merged.put(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      if (entry.status() != Status.FAILED && entry.expiresAt() > now) {
        merged.put(e.getKey(), entry);
      }
    }
    Iterator<String> oldest = merged.keySet().iterator();
    for (int excess = merged.size() - maxEntries; excess > 0; excess--) {
      oldest.next();
      oldest.remove();
    }
    Path tmp = null;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp);
          JsonGenerator g = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeNumberField("version", FORMAT_VERSION);
        g.writeArrayFieldStart("entries");
        for (Map.Entry<String, Entry> e : merged.entrySet()) {
          write(g, e.getKey(), e.getValue());
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      dirty = false;
      return true;
    } catch (IOException e) {
      log.warn("cannot save the VirusTotal cache to {}: {}", file, e.toString());
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Nothing more to do: the next save tries again.
        }
      }
      return false;
    }
  }

  private static void write(JsonGenerator g, String indicator, Entry e) throws IOException {
    g.writeStartObject();
    g.writeStringField("indicator", indicator);
    g.writeStringField("status", e.status() == Status.FOUND ? "found" : "not_found");
    g.writeNumberField("expires", e.expiresAt());
    Verdict v = e.verdict();
    if (v != null) {
      g.writeNumberField("malicious", v.malicious());
      g.writeNumberField("suspicious", v.suspicious());
      g.writeNumberField("harmless", v.harmless());
      g.writeNumberField("undetected", v.undetected());
      g.writeNumberField("timeout", v.timeout());
      g.writeNumberField("reputation", v.reputation());
    }
    g.writeEndObject();
  }

  private Map<String, Entry> readFile(long now, boolean warn) {
    Map<String, Entry> out = new LinkedHashMap<>();
    JsonNode root;
    try {
      root = json.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      if (warn) {
        log.warn("the VirusTotal cache {} is unreadable ({}); starting with an empty cache", file,
            e.getClass().getSimpleName());
      }
      return out;
    }
    JsonNode list = root == null ? null : root.get("entries");
    if (list == null || !list.isArray()) {
      if (warn) {
        log.warn("the VirusTotal cache {} has no \"entries\" list; starting with an empty cache", file);
      }
      return out;
    }
    for (JsonNode node : list) {
      String indicator = node.path("indicator").asText("");
      String status = node.path("status").asText("");
      long expires = node.path("expires").asLong(0);
      if (indicator.isEmpty() || expires <= now) {
        continue;
      }
      if (status.equals("found")) {
        Verdict v = new Verdict(node.path("malicious").asInt(0), node.path("suspicious").asInt(0),
            node.path("harmless").asInt(0), node.path("undetected").asInt(0), node.path("timeout").asInt(0),
            node.path("reputation").asInt(0));
        out.put(indicator, new Entry(Status.FOUND, v, expires));
      } else if (status.equals("not_found")) {
        out.put(indicator, new Entry(Status.NOT_FOUND, null, expires));
      }
    }
    return out;
  }
}
