package dev.vitals.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made at test time with the JDK's keytool (no files in the repository,
 * nothing to expire), written as PEM the way the CLI and gRPC read them.
 */
final class TestCertificates {
  private static final String PASSWORD = "changeit";

  private TestCertificates() {}

  /** A key pair and self-signed certificate, as PEM files. */
  record Pem(Path certificate, Path privateKey) {}

  /**
   * Generates an EC key and a self-signed certificate for {@code commonName} with the given subject
   * alternative names (keytool syntax, e.g. {@code dns:vitals.test}).
   */
  static Pem selfSigned(Path dir, String alias, String commonName, String subjectAltNames)
      throws IOException, InterruptedException {
    Path keystore = dir.resolve(alias + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=" + commonName,
                "-ext",
                "SAN=" + subjectAltNames,
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      Key key = store.getKey(alias, PASSWORD.toCharArray());
      Path certificate = dir.resolve(alias + ".pem");
      Path privateKey = dir.resolve(alias + ".key");
      Files.writeString(certificate, pem("CERTIFICATE", store.getCertificate(alias).getEncoded()));
      Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));
      return new Pem(certificate, privateKey);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the keystore keytool wrote", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
