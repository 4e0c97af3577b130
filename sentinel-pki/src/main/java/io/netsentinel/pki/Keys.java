package io.netsentinel.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** Key pairs from the JDK's own providers (SunEC, SunRsaSign): no provider needs registering. */
final class Keys {
  private Keys() {}

  static KeyPair generate(KeyType type, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type.algorithm());
      if (type == KeyType.EC_P256) {
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      } else {
        generator.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), random);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate " + type + " keys", e);
    }
  }

  /**
   * True when the private key belongs to the public key. A signature round trip works for EC and RSA alike, where
   * comparing key material would need algorithm-specific code.
   */
  static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
      return false;
    }
    try {
      String algorithm = KeyType.of(privateKey).signatureAlgorithm();
      byte[] probe = "netsentinel key match probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
