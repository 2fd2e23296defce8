package dev.vitals.server.tls;

import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Reads the TLS PEM files and checks them before anything serves them: a certificate chain that
 * parses and is not empty, a private key that belongs to its first certificate, client CA
 * certificates that parse. A certificate rotated one file at a time (the new certificate is there,
 * the new key not yet) fails here instead of failing every handshake.
 */
final class PemFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate chain and the private key of its first certificate. */
  // Never compared or hashed: handed straight to the key manager, so identity equality is fine.
  @SuppressWarnings("ArrayRecordComponent")
  record Identity(X509Certificate[] chain, PrivateKey key) {}

  private PemFiles() {}

  /**
   * The chain in {@code cert} and the key in {@code key}, once they are known to belong together.
   *
   * @throws GeneralSecurityException naming the problem if a file does not parse or the key is not
   *     the certificate's
   */
  static Identity identity(Path cert, Path key) throws IOException, GeneralSecurityException {
    X509Certificate[] chain = certificates(cert);
    PrivateKey privateKey;
    try (InputStream in = Files.newInputStream(key)) {
      privateKey = CertificateUtils.getPrivateKey(in);
    } catch (IllegalArgumentException e) {
      // CertificateUtils says what it could not find in the file this way.
      throw new GeneralSecurityException(key + ": " + e.getMessage(), e);
    }
    if (!belongTogether(chain[0], privateKey)) {
      throw new GeneralSecurityException(
          "the private key in "
              + key
              + " does not belong to the certificate in "
              + cert
              + " ("
              + chain[0].getSubjectX500Principal()
              + ")");
    }
    return new Identity(chain, privateKey);
  }

  /** The certificates in {@code file}; at least one. */
  static X509Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
    X509Certificate[] certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateUtils.getX509Certificates(in);
    }
    if (certificates.length == 0) {
      throw new GeneralSecurityException(file + ": no PEM certificate in the file");
    }
    return certificates;
  }

  /** Signs a random challenge with the key and verifies it with the certificate. */
  private static boolean belongTogether(X509Certificate certificate, PrivateKey key)
      throws GeneralSecurityException {
    if (!certificate.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      return false;
    }
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "DSA" -> "SHA256withDSA";
          // Ed25519, Ed448 and EdDSA keys name their own signature algorithm.
          default -> key.getAlgorithm();
        };
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(challenge);
    return verifier.verify(signature);
  }
}
