package io.tripswitch.probe.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which server certificates an HTTPS check trusts: the certificates of a PEM file and/or a PKCS12 store,
 * or the JVM's trust store when neither is given; with {@code verify=false}, any certificate and any name.
 * Endpoints with equal trust share one HTTP client.
 *
 * @param pem            PEM file of certificates (CAs or self-signed server certificates) to trust
 * @param pkcs12         PKCS12 store whose certificates to trust
 * @param pkcs12Password password of the PKCS12 store, if it has one
 * @param verify         whether the chain and the server name are verified
 */
public record TlsTrust(Optional<Path> pem, Optional<Path> pkcs12, Optional<Secret> pkcs12Password, boolean verify) {

    /** The JVM's trust store, full verification. */
    public static final TlsTrust DEFAULT = new TlsTrust(Optional.empty(), Optional.empty(), Optional.empty(), true);

    public TlsTrust {
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(pkcs12, "pkcs12");
        Objects.requireNonNull(pkcs12Password, "pkcs12Password");
    }

    /** Whether certificates other than the JVM's trusted ones are trusted. */
    public boolean hasOwnCertificates() {
        return pem.isPresent() || pkcs12.isPresent();
    }

    /**
     * A trust manager factory over every certificate of the PEM file and the PKCS12 store (read now, from disk).
     * Throws IllegalArgumentException saying which file is unusable and why (missing, wrong password, no certificate).
     */
    public TrustManagerFactory trustManagers() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int added = 0;
            if (pem.isPresent()) {
                int fromPem = 0;
                try (InputStream in = Files.newInputStream(pem.get())) {
                    for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trusted.setCertificateEntry("pem-" + fromPem++, certificate);
                    }
                }
                if (fromPem == 0) {
                    throw new IllegalArgumentException("no certificate in " + pem.get());
                }
                added += fromPem;
            }
            if (pkcs12.isPresent()) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(pkcs12.get())) {
                    store.load(in, pkcs12Password.map(Secret::reveal).orElse(null));
                } catch (IOException e) {
                    // PKCS12 reports a wrong password as an IOException whose cause is UnrecoverableKeyException.
                    throw new IllegalArgumentException("cannot read PKCS12 store " + pkcs12.get() + ": "
                            + (e.getCause() != null ? "wrong password or damaged file" : e.getMessage()), e);
                }
                int fromPkcs12 = 0;
                for (String alias : Collections.list(store.aliases())) {
                    Certificate certificate = store.getCertificate(alias);
                    if (certificate != null) {
                        trusted.setCertificateEntry("pkcs12-" + fromPkcs12++, certificate);
                    }
                }
                if (fromPkcs12 == 0) {
                    throw new IllegalArgumentException("no certificate in " + pkcs12.get());
                }
                added += fromPkcs12;
            }
            if (added == 0) {
                throw new IllegalStateException("no certificate file given: the JVM's trust store applies");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return factory;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no such file " + e.getFile(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + e.getMessage(), new UncheckedIOException(e));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable certificates: " + e.getMessage(), e);
        }
    }
}
