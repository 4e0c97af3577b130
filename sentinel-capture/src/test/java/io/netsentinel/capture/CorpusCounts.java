package io.netsentinel.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The tshark frame counts of the shared corpus, written down once in {@code testdata/corpus-frame-counts.tsv}. */
final class CorpusCounts {
  private CorpusCounts() {}

  static Map<String, Long> load() {
    Path file = Path.of(System.getProperty("testdata.dir", "../testdata")).resolve("corpus-frame-counts.tsv");
    Map<String, Long> counts = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (!line.startsWith("#") && !line.isBlank()) {
          String[] cols = line.split("\t");
          counts.put(cols[0], Long.parseLong(cols[1]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(counts);
  }
}
