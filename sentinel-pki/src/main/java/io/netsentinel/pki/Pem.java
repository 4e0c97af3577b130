package io.netsentinel.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM files: certificates, and private keys as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}). Reading also accepts
 * the OpenSSL "traditional" forms ({@code BEGIN EC PRIVATE KEY}, {@code BEGIN RSA PRIVATE KEY}), so keys made with
 * {@code openssl} work too. Bouncy Castle only parses; the JDK builds the key and certificate objects.
 */
public final class Pem {
  private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

  private Pem() {}

  /** Every certificate in a PEM file, in file order. Fails if there is none. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object o : objects(file)) {
      if (o instanceof X509CertificateHolder holder) {
        certificates.add(certificate(holder.getEncoded(), file));
      }
    }
    if (certificates.isEmpty()) {
      throw new PkiException(file + ": no PEM certificate (BEGIN CERTIFICATE) in this file");
    }
    return List.copyOf(certificates);
  }

  /** The first certificate in a PEM file. */
  public static X509Certificate readCertificate(Path file) throws IOException {
    return readCertificates(file).get(0);
  }

  /** The first private key in a PEM file: PKCS#8, or the traditional EC or RSA forms. Encrypted keys are refused. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    for (Object o : objects(file)) {
      if (o instanceof PrivateKeyInfo info) {
        return privateKey(info, file);
      }
      if (o instanceof PEMKeyPair pair) {
        return privateKey(pair.getPrivateKeyInfo(), file);
      }
      if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
        throw new PkiException(file + ": the private key is encrypted; NetSentinel needs an unencrypted key (mode 600)");
      }
    }
    throw new PkiException(file + ": no PEM private key (BEGIN PRIVATE KEY) in this file");
  }

  /** Certificates as PEM text. */
  public static String encode(X509Certificate... certificates) {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      try {
        pem.append(block("CERTIFICATE", certificate.getEncoded()));
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new PkiException("cannot encode the certificate " + certificate.getSubjectX500Principal(), e);
      }
    }
    return pem.toString();
  }

  /** A private key as unencrypted PKCS#8 PEM text. */
  public static String encode(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new PkiException("the " + key.getAlgorithm() + " key cannot be exported as PKCS#8");
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** Writes certificates as PEM, atomically, with mode 644. */
  public static void writeCertificates(Path file, X509Certificate... certificates) throws IOException {
    SecureFiles.writePublic(file, encode(certificates).getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes a private key as PKCS#8 PEM, atomically, with mode 600 from the moment the file exists. */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    SecureFiles.writePrivate(file, encode(key).getBytes(StandardCharsets.US_ASCII));
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static List<Object> objects(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "file not found");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new PkiException(file + ": not a PEM file (binary content)");
    }
    List<Object> objects = new ArrayList<>();
    try (Reader reader = new StringReader(text);
        PEMParser parser = new PEMParser(reader)) {
      for (int i = 0; i < 1000; i++) { // a PEM bundle of more objects than this is not ours
        Object o = parser.readObject();
        if (o == null) {
          break;
        }
        objects.add(o);
      }
    } catch (IOException | RuntimeException e) {
      throw new PkiException(file + ": not a valid PEM file (" + e.getMessage() + ")", e);
    }
    return objects;
  }

  private static X509Certificate certificate(byte[] der, Path file) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new PkiException(file + ": not a valid X.509 certificate (" + e.getMessage() + ")", e);
    }
  }

  private static PrivateKey privateKey(PrivateKeyInfo info, Path file) throws IOException {
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    String algorithm;
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
      algorithm = "EC";
    } else if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
      algorithm = "RSA";
    } else {
      throw new PkiException(file + ": unsupported private key algorithm " + oid + " (EC or RSA expected)");
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new PkiException(file + ": not a valid " + algorithm + " private key (" + e.getMessage() + ")", e);
    }
  }
}
