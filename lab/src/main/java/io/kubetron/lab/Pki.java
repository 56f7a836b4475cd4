package io.kubetron.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority writing PEM files the way OVS deployments use them (private key, certificate, CA
 * certificate). EC P-256 keys: generated in milliseconds, where ovs-pki's RSA keys cost about a second.
 * Certificates carry {@code localhost}/{@code 127.0.0.1} names, but OVS peers do not check them.
 */
public final class Pki {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;
    private final String caName;
    private final KeyPair caKeys;
    private final X509Certificate caCert;

    private Pki(Path dir, String caName, KeyPair caKeys, X509Certificate caCert) {
        this.dir = dir;
        this.caName = caName;
        this.caKeys = caKeys;
        this.caCert = caCert;
    }

    /** Creates a new CA in {@code dir}, writing {@code <caName>-cacert.pem}. */
    public static Pki createCa(Path dir, String caName) {
        try {
            Files.createDirectories(dir);
            KeyPair keys = newKeys();
            X500Name subject = new X500Name("CN=" + caName + ",O=kubetron");
            X509v3CertificateBuilder b = builder(subject, subject, keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate cert = sign(b, keys.getPrivate());
            Pki pki = new Pki(dir, caName, keys, cert);
            writePem(pki.caCertFile(), "CERTIFICATE", cert.getEncoded());
            return pki;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create CA " + caName, e);
        }
    }

    public Path caCertFile() {
        return dir.resolve(caName + "-cacert.pem");
    }

    /** Issues a certificate for both TLS server and client use; writes {@code <name>-privkey.pem} and {@code <name>-cert.pem}. */
    public Identity issue(String name) {
        try {
            KeyPair keys = newKeys();
            X509v3CertificateBuilder b = builder(
                    new X500Name("CN=" + caName + ",O=kubetron"), new X500Name("CN=" + name + ",O=kubetron"), keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
            }));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
            X509Certificate cert = sign(b, caKeys.getPrivate());
            Identity id =
                    new Identity(dir.resolve(name + "-privkey.pem"), dir.resolve(name + "-cert.pem"), caCertFile());
            writePem(id.privateKey(), "PRIVATE KEY", keys.getPrivate().getEncoded());
            Files.setPosixFilePermissions(id.privateKey(), PosixFilePermissions.fromString("rw-------"));
            writePem(id.certificate(), "CERTIFICATE", cert.getEncoded());
            return id;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue certificate " + name, e);
        }
    }

    /**
     * PEM files of one TLS identity.
     *
     * @param privateKey PKCS#8 private key
     * @param certificate its certificate
     * @param caCertificate the certificate of the CA that signed it (and that it trusts)
     */
    public record Identity(Path privateKey, Path certificate, Path caCertificate) {}

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return kpg.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        // back-dated so that a peer whose clock is slightly behind still accepts it
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(3650))),
                subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static void writePem(Path file, String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        try {
            Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
