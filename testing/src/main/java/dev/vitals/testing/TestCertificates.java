package dev.vitals.testing;

import java.io.ByteArrayInputStream;
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
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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
import org.jspecify.annotations.Nullable;

/**
 * Certificates made when a test runs (no private key is ever committed): a CA, a server certificate
 * for {@code localhost} and {@code 127.0.0.1}, and client certificates, each written as PEM (keys
 * as PKCS#8) into a directory the test owns.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** A certificate and its key, as PEM files. */
  public record Issued(Path cert, Path key, KeyPair keys, X509CertificateHolder holder) {}

  private final Path dir;

  /** Writes the PEM files into {@code dir}. */
  public TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A self-signed CA named {@code name}. */
  public Issued ca(String name) {
    KeyPair keys = keyPair();
    X500Name subject = new X500Name("CN=" + name);
    return issue(name, subject, keys, subject, keys, null, null);
  }

  /** A server certificate for localhost and 127.0.0.1, signed by {@code ca}. */
  public Issued server(Issued ca) {
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
        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth},
        names);
  }

  /** A client certificate named {@code name}, signed by {@code ca}. */
  public Issued client(Issued ca, String name) {
    return issue(
        name,
        new X500Name("CN=" + name),
        keyPair(),
        ca.holder().getSubject(),
        ca.keys(),
        new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth},
        null);
  }

  /**
   * A self-signed certificate for {@code commonName} and the host names or IP addresses {@code
   * altNames}, that servers and clients use and peers trust as it is (no CA); files named after
   * {@code name}.
   */
  public Issued selfSigned(String name, String commonName, String... altNames) {
    KeyPair keys = keyPair();
    X500Name subject = new X500Name("CN=" + commonName);
    GeneralName[] names = new GeneralName[altNames.length];
    for (int i = 0; i < altNames.length; i++) {
      boolean ip = altNames[i].matches("[0-9.]+") || altNames[i].contains(":");
      names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, altNames[i]);
    }
    return issue(
        name,
        subject,
        keys,
        subject,
        keys,
        new KeyPurposeId[0],
        names.length == 0 ? null : new GeneralNames(names));
  }

  /** A TLS context presenting {@code issued}, for JDK servers such as {@code HttpsServer}. */
  public static SSLContext serverContext(Issued issued) {
    try {
      Certificate certificate =
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(issued.holder().getEncoded()));
      char[] password = "in-memory".toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "key", issued.keys().getPrivate(), password, new Certificate[] {certificate});
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Issued issue(
      String fileName,
      X500Name subject,
      KeyPair keys,
      X500Name issuer,
      KeyPair issuerKeys,
      KeyPurposeId @Nullable [] purposes,
      @Nullable GeneralNames altNames) {
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
      // No purposes: a CA. Empty purposes: a self-signed leaf, which has no constraints or usages
      // (as keytool makes it): it is its own trust anchor, which a key usage without keyCertSign
      // would forbid to some TLS stacks.
      if (purposes == null) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else if (purposes.length > 0) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      }
      if (purposes != null && altNames != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, altNames);
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
          pem instanceof JcaPKCS8Generator jcaPKCS8Generator ? jcaPKCS8Generator.generate() : pem);
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
