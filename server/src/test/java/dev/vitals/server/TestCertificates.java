package dev.vitals.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made when a test runs (no private key is ever committed): a CA, a server certificate
 * for {@code localhost} and {@code 127.0.0.1}, and client certificates, each written as PEM (keys
 * as PKCS#8) into a directory the test owns.
 */
final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** A certificate and its key, as PEM files. */
  record Issued(Path cert, Path key, KeyPair keys, X509CertificateHolder holder) {}

  private final Path dir;

  TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A self-signed CA named {@code name}. */
  Issued ca(String name) {
    KeyPair keys = keyPair();
    X500Name subject = new X500Name("CN=" + name);
    return issue(name, subject, keys, subject, keys, null, null);
  }

  /** A server certificate for localhost and 127.0.0.1, signed by {@code ca}. */
  Issued server(Issued ca) {
    GeneralNames names =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            });
    return issue(
        "server",
        new X500Name("CN=localhost"),
        keyPair(),
        ca.holder().getSubject(),
        ca.keys(),
        KeyPurposeId.id_kp_serverAuth,
        names);
  }

  /** A client certificate named {@code name}, signed by {@code ca}. */
  Issued client(Issued ca, String name) {
    return issue(
        name,
        new X500Name("CN=" + name),
        keyPair(),
        ca.holder().getSubject(),
        ca.keys(),
        KeyPurposeId.id_kp_clientAuth,
        null);
  }

  private Issued issue(
      String fileName,
      X500Name subject,
      KeyPair keys,
      X500Name issuer,
      KeyPair issuerKeys,
      KeyPurposeId purpose,
      GeneralNames altNames) {
    boolean isCa = purpose == null;
    Instant now = Instant.now();
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(1))),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (isCa) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (altNames != null) {
          builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
      }
      X509CertificateHolder holder =
          builder.build(
              new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate()));
      Path cert = write(fileName + ".crt", holder);
      Path key = write(fileName + ".key", new JcaPKCS8Generator(keys.getPrivate(), null));
      return new Issued(cert, key, keys, holder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path write(String name, Object pem) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(
          pem instanceof JcaPKCS8Generator ? ((JcaPKCS8Generator) pem).generate() : pem);
    }
    return Files.writeString(dir.resolve(name), text.toString(), StandardCharsets.US_ASCII);
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
