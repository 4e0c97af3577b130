package io.netsentinel.pki;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * JSSE objects built from PEM material, for the agent's TLS sink (trust only the NetSentinel CA) and for the server
 * (its certificate and key). Trust managers made here trust exactly the certificates given, never the JDK's cacerts.
 * They are PKIX trust managers, so they also check host names when the socket's endpoint identification algorithm is
 * {@code HTTPS}.
 */
public final class TlsMaterial {
  /** The password of the in-memory key stores built here; they are never written out. */
  private static final String IN_MEMORY = "netsentinel";

  private TlsMaterial() {}

  /** A PKCS#12 key store in memory holding the given certificates as trusted entries, and nothing else. */
  public static KeyStore trustStore(Collection<X509Certificate> trusted) {
    if (trusted.isEmpty()) {
      throw new PkiException("a trust store needs at least one CA certificate");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (X509Certificate certificate : trusted) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build an in-memory trust store", e);
    }
  }

  /** A PKCS#12 key store in memory holding one private key entry (alias {@code key}) with its chain. */
  public static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain, char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", key, password, chain.toArray(new X509Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build an in-memory key store", e);
    }
  }

  /** A trust manager that trusts only these CA certificates (not the system store). */
  public static X509ExtendedTrustManager trustManager(Collection<X509Certificate> trusted) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(trustStore(trusted));
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the PKIX trust manager factory gave no X509ExtendedTrustManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust manager", e);
    }
  }

  /** A trust manager that trusts only the certificates in a PEM file (usually {@code certs/ca.crt}). */
  public static X509ExtendedTrustManager trustManager(Path caCertificates) throws IOException {
    return trustManager(Pem.readCertificates(caCertificates));
  }

  /** A key manager that presents this certificate (followed by the rest of its chain, if any) and key. */
  public static X509ExtendedKeyManager keyManager(CertifiedKey key, X509Certificate... intermediatesOrCa) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(key.certificate());
    chain.addAll(List.of(intermediatesOrCa));
    char[] password = IN_MEMORY.toCharArray();
    try {
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keyStore(key.privateKey(), chain, password), password);
      for (KeyManager manager : factory.getKeyManagers()) {
        if (manager instanceof X509ExtendedKeyManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the key manager factory gave no X509ExtendedKeyManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a key manager", e);
    }
  }

  /**
   * A key manager from PEM files: the certificate file may hold the chain after the certificate; the key must belong
   * to the first certificate.
   */
  public static X509ExtendedKeyManager keyManager(Path certificateFile, Path keyFile) throws IOException {
    List<X509Certificate> chain = Pem.readCertificates(certificateFile);
    CertifiedKey key = CertifiedKey.read(certificateFile, keyFile);
    return keyManager(key, chain.subList(1, chain.size()).toArray(new X509Certificate[0]));
  }

  /**
   * A client context: trusts only {@code trust}; presents {@code clientKey} when the server asks for a certificate
   * (mutual TLS), or nothing when it is null.
   */
  public static SSLContext clientContext(X509ExtendedTrustManager trust, X509ExtendedKeyManager clientKey) {
    if (trust == null) {
      throw new PkiException("a client TLS context needs a trust manager (the NetSentinel CA)");
    }
    return context(clientKey == null ? null : new KeyManager[] {clientKey}, new TrustManager[] {trust});
  }

  /**
   * A server context presenting {@code serverKey}; {@code clientTrust}, when not null, is what verifies client
   * certificates (set {@code needClientAuth} on the socket or engine to require them). When it is null, no client
   * certificate is ever trusted: the JDK would otherwise fall back to its public cacerts.
   */
  public static SSLContext serverContext(X509ExtendedKeyManager serverKey, X509ExtendedTrustManager clientTrust) {
    if (serverKey == null) {
      throw new PkiException("a server TLS context needs a key manager (the server certificate)");
    }
    return context(
        new KeyManager[] {serverKey}, new TrustManager[] {clientTrust == null ? new TrustsNobody() : clientTrust});
  }

  private static SSLContext context(KeyManager[] keyManagers, TrustManager[] trustManagers) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context", e);
    }
  }

  /** Refuses every peer certificate. */
  private static final class TrustsNobody extends X509ExtendedTrustManager {
    private static CertificateException refused() {
      return new CertificateException("this endpoint trusts no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw refused();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw refused();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw refused();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
