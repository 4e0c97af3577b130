package io.netsentinel.pki;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Writes {@code sentinel_config.json}: always atomically and with mode 600 (it holds the API key). Existing keys are
 * kept, in their order and with their exact values, when only some keys change (a key rotation, a re-init that keeps
 * the tuned detector thresholds).
 */
public final class SentinelConfigFile {
  /** The config file's name. */
  public static final String FILE_NAME = "sentinel_config.json";

  private SentinelConfigFile() {}

  /** The top-level object of a config file, keys in file order, numbers exact. */
  public static ObjectNode read(Path file) throws IOException {
    ObjectMapper mapper = mapper();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "config file not found");
    }
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new PkiException(
          file + ": invalid JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
    }
    if (!(root instanceof ObjectNode object)) {
      throw new PkiException(file + ": expected a JSON object at the top level");
    }
    return object;
  }

  /**
   * Sets {@code values} in the config file. With {@code keepOtherKeys} and an existing file, every other key stays as
   * it was; otherwise the file holds exactly {@code values}. Values may be strings, numbers, booleans, lists and maps.
   */
  public static void write(Path file, Map<String, ?> values, boolean keepOtherKeys) throws IOException {
    ObjectMapper mapper = mapper();
    ObjectNode root = keepOtherKeys && Files.exists(file) ? read(file) : mapper.createObjectNode();
    for (Map.Entry<String, ?> entry : values.entrySet()) {
      root.set(entry.getKey(), mapper.valueToTree(entry.getValue()));
    }
    store(mapper, file, root);
  }

  /** Replaces {@code api_key} with a fresh key, changing nothing else; returns the new key. */
  public static String rotateApiKey(Path file, SecureRandom random) throws IOException {
    ObjectNode root = read(file);
    String key = ApiKeys.generate(random);
    root.put("api_key", key);
    store(mapper(), file, root);
    return key;
  }

  private static void store(ObjectMapper mapper, Path file, ObjectNode root) throws IOException {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    String json = mapper.writer(printer).writeValueAsString(root) + "\n";
    SecureFiles.writePrivate(file, json.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectMapper mapper() {
    return JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
  }
}
