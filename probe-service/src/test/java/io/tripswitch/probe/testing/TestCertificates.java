package io.tripswitch.probe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made by the test with the JDK's keytool (nothing checked in): a PKCS12 key store
 * holding one key pair per name (a server's SNI certificates), each certificate exported as PEM, and PKCS12
 * trust stores. Passwords go to keytool through its environment, never on its command line.
 */
public final class TestCertificates {

    private static final String PASSWORD_VARIABLE = "TEST_STORE_PASSWORD";

    private final Path dir;
    private final String password;

    private TestCertificates(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** Makes a key store {@code server.p12} with one self-signed certificate per host name, and {@code <name>.pem} for each. */
    public static TestCertificates forNames(Path dir, String password, String... names) {
        TestCertificates certificates = new TestCertificates(dir, password);
        for (String name : names) {
            certificates.keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                    "-ext", "SAN=dns:" + name, "-validity", "2", "-keystore", certificates.serverKeyStore().toString(),
                    "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE);
            certificates.keytool("-exportcert", "-rfc", "-alias", name, "-keystore", certificates.serverKeyStore().toString(),
                    "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE, "-file", certificates.pem(name).toString());
        }
        return certificates;
    }

    /** The server's key store (every name's key pair), protected by the password. */
    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    /** The certificate of {@code name}, PEM. */
    public Path pem(String name) {
        return dir.resolve(name + ".pem");
    }

    /** One PEM file holding the certificates of every given name. */
    public Path pemOf(String... names) {
        try {
            StringBuilder all = new StringBuilder();
            for (String name : names) {
                all.append(Files.readString(pem(name), StandardCharsets.US_ASCII));
            }
            Path file = dir.resolve(String.join("+", names) + ".pem");
            Files.writeString(file, all, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PKCS12 trust store holding the certificates of the given names, protected by the password. */
    public Path trustStore(String... names) {
        Path store = dir.resolve("trust-" + String.join("+", names) + ".p12");
        for (String name : names) {
            keytool("-importcert", "-noprompt", "-alias", name, "-file", pem(name).toString(), "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE);
        }
        return store;
    }

    public String password() {
        return password;
    }

    private void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve("keytool.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put(PASSWORD_VARIABLE, password);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + command + "\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
