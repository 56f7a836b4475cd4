package io.kubetron.common.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;

/**
 * A private key and the certificate chain it serves with, leaf first. Immutable.
 *
 * @param key the private key
 * @param chain the certificates, leaf first; never empty
 */
public record KeyAndChain(PrivateKey key, List<X509Certificate> chain) {
    public KeyAndChain {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf");
        }
    }

    /** The leaf certificate. */
    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** The chain as the JDK's key managers want it. */
    public X509Certificate[] chainArray() {
        return chain.toArray(X509Certificate[]::new);
    }

    /**
     * Parses a certificate chain and a private key, and checks that the key belongs to the leaf: a rotation caught
     * half-way (new certificate, old key) must not go into service.
     *
     * @param certificatePem PEM certificate chain, leaf first
     * @param keyPem PEM private key
     * @param certificateName how messages name the certificate (its file)
     * @param keyName how messages name the key (its file)
     */
    public static KeyAndChain parse(String certificatePem, String keyPem, String certificateName, String keyName)
            throws PemException {
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(certificatePem);
        } catch (PemException e) {
            throw new PemException(certificateName + ": " + e.getMessage(), e);
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(keyPem);
        } catch (PemException e) {
            throw new PemException(keyName + ": " + e.getMessage(), e);
        }
        if (!belongs(key, chain.getFirst())) {
            throw new PemException(
                    "the key in " + keyName + " does not belong to the certificate in " + certificateName);
        }
        return new KeyAndChain(key, chain);
    }

    /** Signs and verifies a probe: works for every key type without looking inside the keys. */
    private static boolean belongs(PrivateKey key, X509Certificate cert) throws PemException {
        byte[] probe = "kubetron".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = signature(key.getAlgorithm());
            signer.initSign(key);
            signer.update(probe);
            byte[] sig = signer.sign();
            Signature verifier = signature(key.getAlgorithm());
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            // a key of another family than the certificate's fails to initialise, not to verify
            if (!key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())) {
                return false;
            }
            throw new PemException("cannot check the key against the certificate: " + e.getMessage(), e);
        }
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "RSASSA-PSS" -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield s;
            }
            default -> Signature.getInstance(keyAlgorithm); // EdDSA, Ed25519, Ed448
        };
    }
}
