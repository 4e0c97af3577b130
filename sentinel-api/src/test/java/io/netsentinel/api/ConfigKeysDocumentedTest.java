package io.netsentinel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/configuration.md against {@link ConfigKeys}: every key the validator knows, with its real default. */
class ConfigKeysDocumentedTest {
  /** Surefire runs in the module's folder. */
  private static final Path DOC = Path.of("..", "docs", "configuration.md");
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE);
  private static final Pattern EXAMPLE = Pattern.compile("## A complete example.*?```json\\n(.*?)```",
      Pattern.DOTALL);

  private String doc;

  @BeforeEach
  void read() throws IOException {
    assertThat(DOC).as("docs/configuration.md beside the module").exists();
    doc = Files.readString(DOC);
  }

  @Test
  void everyKeyHasARowWithItsRealDefault() {
    Map<String, String> documented = new HashMap<>();
    Matcher m = ROW.matcher(doc);
    while (m.find()) {
      documented.put(m.group(1), m.group(2));
    }
    for (ConfigKeys.Key key : ConfigKeys.KEYS.values()) {
      assertThat(documented).as("a row `| `%s` | `default` | … |` in docs/configuration.md", key.name())
          .containsKey(key.name());
      assertThat(documented.get(key.name())).as("documented default of %s", key.name())
          .isEqualTo(render(key.defaultValue()));
    }
    assertThat(ConfigKeys.KEYS.keySet()).as("rows in the key table that the validator does not know")
        .containsAll(documented.keySet());
  }

  @Test
  void theCompleteExampleNamesEveryKeyAndLoadsWithoutWarnings() {
    Matcher m = EXAMPLE.matcher(doc);
    assertThat(m.find()).as("a json block under '## A complete example'").isTrue();
    String json = m.group(1);
    Settings example = Settings.parse(json, "configuration.md example", Path.of("."));
    assertThat(example.warnings()).isEmpty();
    for (String key : ConfigKeys.KEYS.keySet()) {
      assertThat(json).as("the example sets %s", key).contains("\"" + key + "\":");
    }
  }

  /** The default as the table writes it: JSON, lists with ", " between items. */
  private static String render(Object value) {
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ConfigKeysDocumentedTest::render).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> map) {
      assertThat(map).as("section defaults are empty").isEmpty();
      return "{}";
    }
    return String.valueOf(value);
  }
}
