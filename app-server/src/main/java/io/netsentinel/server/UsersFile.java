package io.netsentinel.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsentinel.pki.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard accounts, {@code users.json} in the server folder, mode 600:
 *
 * <pre>
 * {"users": [{"name": "admin", "hash": "pbkdf2-sha256$600000$SALT$HASH"}]}
 * </pre>
 *
 * Only a {@linkplain io.netsentinel.pki.PasswordHash PBKDF2 hash} is stored, never the password.
 */
final class UsersFile {
  static final String FILE_NAME = "users.json";

  private UsersFile() {}

  /**
   * Sets the hash of one account. Other accounts in an existing, readable file are kept; a file that cannot be read
   * as accounts is replaced (the caller has already decided to overwrite it).
   */
  static void put(Path file, String name, String hash) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode users = mapper.createArrayNode();
    if (Files.exists(file)) {
      try {
        JsonNode old = mapper.readTree(file.toFile()).path("users");
        for (JsonNode user : old) {
          if (user.isObject() && !name.equals(user.path("name").asText())) {
            users.add(user);
          }
        }
      } catch (JsonProcessingException e) {
        users.removeAll();
      }
    }
    users.addObject().put("name", name).put("hash", hash);
    write(mapper, file, users);
  }

  /** Every account and its hash; an empty map when the file does not exist. */
  static Map<String, String> load(Path file) throws IOException {
    Map<String, String> accounts = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return accounts;
    }
    for (JsonNode user : new ObjectMapper().readTree(file.toFile()).path("users")) {
      if (user.path("name").isTextual() && user.path("hash").isTextual()) {
        accounts.put(user.path("name").asText(), user.path("hash").asText());
      }
    }
    return accounts;
  }

  /** Removes an account; false when there was none of that name. */
  static boolean delete(Path file, String name) throws IOException {
    Map<String, String> accounts = load(file);
    if (accounts.remove(name) == null) {
      return false;
    }
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode users = mapper.createArrayNode();
    accounts.forEach((n, hash) -> users.addObject().put("name", n).put("hash", hash));
    write(mapper, file, users);
    return true;
  }

  /** The one layout of the file, whoever writes it: two-space indent, {@code "key": value}, as the config file. */
  private static void write(ObjectMapper mapper, Path file, ArrayNode users) throws IOException {
    ObjectNode root = mapper.createObjectNode();
    root.set("users", users);
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    String json = mapper.writer(printer).writeValueAsString(root) + "\n";
    SecureFiles.writePrivate(file, json.getBytes(StandardCharsets.UTF_8));
  }
}
