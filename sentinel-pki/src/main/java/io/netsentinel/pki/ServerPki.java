package io.netsentinel.pki;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's PKI jobs, on files in the {@linkplain PkiFiles standard layout}: {@code init} (what {@code
 * gen_certs.py} did), API key rotation, agent certificates for mutual TLS, and server certificate renewal.
 *
 * <p>Every job checks its inputs and the files it would replace before it writes anything, and writes each file
 * atomically, secrets with mode 600.
 */
public final class ServerPki {
  private final Clock clock;
  private final SecureRandom random;

  /** With the system clock and a new SecureRandom. */
  public ServerPki() {
    this(Clock.systemUTC(), new SecureRandom());
  }

  public ServerPki(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /**
   * Creates a CA, a server certificate for every local name and address plus the extra names, a fresh API key, and
   * {@code sentinel_config.json}, under {@code dir}. Without {@link InitOptions#force()}, refuses if any of those files
   * exists. With it, replaces them, keeping the config's other keys (detector settings and so on).
   *
   * @throws FileAlreadyExistsException naming the first file that exists, when not forced
   */
  public InitResult init(Path dir, InitOptions options) throws IOException {
    requireDirectoryOrAbsent(dir);
    PkiFiles files = PkiFiles.in(dir);
    List<String> extra = SubjectAltNames.merge(options.extraSubjectAltNames());
    String host = chooseServerHost(options, extra);
    List<String> names = SubjectAltNames.merge(SubjectAltNames.localDefaults(), List.of(host), extra);
    if (!options.force()) {
      requireAbsent(files.caCertificate(), files.caKey(), files.serverCertificate(), files.serverKey(), files.config());
    }

    CertificateAuthority ca =
        CertificateAuthority.create(
            "NetSentinel CA " + CertificateAuthority.uniqueSuffix(random),
            options.keyType(),
            CertificateAuthority.CA_VALIDITY,
            clock,
            random);
    CertifiedKey server =
        ca.issueServerCertificate(
            commonName(host), names, options.keyType(), CertificateAuthority.LEAF_VALIDITY);
    String apiKey = ApiKeys.generate(random);

    ca.write(files.caCertificate(), files.caKey());
    server.write(files.serverCertificate(), files.serverKey());
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("server_host", host);
    values.put("server_port", options.serverPort());
    values.put("api_key", apiKey);
    values.put("ca_cert", PkiFiles.CA_CERT);
    values.put("server_cert", PkiFiles.SERVER_CERT);
    values.put("server_key", PkiFiles.SERVER_KEY);
    values.put("data_dir", "data");
    SentinelConfigFile.write(files.config(), values, true);
    return new InitResult(files, apiKey, host, names, ca.certificate(), server.certificate());
  }

  /** Replaces the config's {@code api_key} with a fresh one and changes nothing else; returns the new key. */
  public String rotateApiKey(Path configFile) throws IOException {
    return SentinelConfigFile.rotateApiKey(configFile, random);
  }

  /**
   * Issues an agent certificate (EKU clientAuth, {@code CN=name}) signed by the CA and writes it to {@code
   * agents/NAME.crt} and {@code agents/NAME.key}.
   *
   * @throws FileAlreadyExistsException when one of them exists and {@code force} is false
   */
  public CertifiedKey issueAgentCertificate(PkiFiles files, String name, boolean force) throws IOException {
    PkiFiles.requireAgentName(name);
    Path certificate = files.agentCertificate(name);
    Path key = files.agentKey(name);
    CertificateAuthority ca = CertificateAuthority.load(files.caCertificate(), files.caKey(), clock, random);
    if (!force) {
      requireAbsent(certificate, key);
    }
    CertifiedKey issued = ca.issueClientCertificate(name);
    issued.write(certificate, key);
    return issued;
  }

  /**
   * Issues a new server certificate from the existing CA (agents keep their {@code ca.crt}), with the names of the
   * current certificate, today's local names and addresses, and {@code extraSubjectAltNames}. Replaces {@code
   * server.crt} and {@code server.key}.
   */
  public CertifiedKey renewServerCertificate(PkiFiles files, List<String> extraSubjectAltNames) throws IOException {
    List<String> extra = SubjectAltNames.merge(extraSubjectAltNames);
    CertificateAuthority ca = CertificateAuthority.load(files.caCertificate(), files.caKey(), clock, random);
    List<String> previous = List.of();
    String commonName = "NetSentinel server";
    if (Files.exists(files.serverCertificate())) {
      X509Certificate old = Pem.readCertificate(files.serverCertificate());
      previous = namesOf(old);
      commonName = commonNameOf(old, commonName);
    }
    List<String> names = SubjectAltNames.merge(previous, SubjectAltNames.localDefaults(), extra);
    CertifiedKey server =
        ca.issueServerCertificate(
            commonName, names, KeyType.of(ca.privateKey()), CertificateAuthority.LEAF_VALIDITY);
    server.write(files.serverCertificate(), files.serverKey());
    return server;
  }

  /** The DNS names and IP addresses of a certificate's subject alternative names, as text. */
  public static List<String> namesOf(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> all = certificate.getSubjectAlternativeNames();
      if (all != null) {
        for (List<?> entry : all) {
          int type = (Integer) entry.get(0);
          if (type == 2 || type == 7) { // dNSName, iPAddress
            names.add(String.valueOf(entry.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new PkiException("cannot read the subject alternative names: " + e.getMessage(), e);
    }
    return SubjectAltNames.merge(names);
  }

  /** Throws {@link FileAlreadyExistsException} for the first of these files that exists. */
  public static void requireAbsent(Path... files) throws FileAlreadyExistsException {
    for (Path file : files) {
      if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(file.toString(), null, "already exists; use --force to replace it");
      }
    }
  }

  private static void requireDirectoryOrAbsent(Path dir) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new FileSystemException(dir.toString(), null, "not a directory");
    }
    SecureFiles.createDirectories(dir);
  }

  private static String chooseServerHost(InitOptions options, List<String> extra) {
    if (options.serverHost() != null && !options.serverHost().isBlank()) {
      return SubjectAltNames.normalize(options.serverHost());
    }
    if (!extra.isEmpty()) {
      return extra.get(0);
    }
    String host = SubjectAltNames.hostName();
    return host != null ? host : "localhost";
  }

  private static String commonName(String host) {
    return host.length() <= 64 ? host : "NetSentinel server";
  }

  private static String commonNameOf(X509Certificate certificate, String fallback) {
    for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return fallback;
  }
}
