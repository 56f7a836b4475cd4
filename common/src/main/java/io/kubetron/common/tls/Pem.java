package io.kubetron.common.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one PEM reader, JDK classes only. Certificates: {@code BEGIN CERTIFICATE} (and OpenSSL's {@code TRUSTED
 * CERTIFICATE}). Private keys, unencrypted: PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519/Ed448 or RSASSA-PSS),
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, cert-manager's default) and SEC1 ({@code BEGIN EC PRIVATE KEY}, what
 * {@code openssl ecparam -genkey} and OVS's {@code ovs-pki} write); the last two are wrapped into PKCS#8 here. Blocks of
 * other types ({@code EC PARAMETERS} ahead of a SEC1 key) are skipped. Stateless, hence thread-safe.
 */
public final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final Pattern ENCRYPTED_HEADER = Pattern.compile("Proc-Type:\\s*4,\\s*ENCRYPTED");
    private static final String KEY_TYPES = "BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY";

    private Pem() {}

    /**
     * One decoded PEM block.
     *
     * @param type the word(s) after {@code BEGIN}
     * @param der the decoded body
     */
    public record Block(String type, byte[] der) {}

    /** All PEM blocks of a text, in order. */
    public static List<Block> blocks(String text) throws PemException {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new PemException("the BEGIN " + m.group(1) + " block is not valid base64: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** All certificates of a PEM text (a chain, leaf first, or a CA bundle), in order. */
    public static List<X509Certificate> certificates(String text) throws PemException {
        CertificateFactory cf;
        try {
            cf = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks(text)) {
            if (b.type().equals("CERTIFICATE") || b.type().equals("TRUSTED CERTIFICATE")) {
                try {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                } catch (CertificateException e) {
                    throw new PemException(
                            "certificate " + (out.size() + 1) + " is not a valid X.509 certificate: " + e.getMessage(),
                            e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new PemException("no BEGIN CERTIFICATE block found" + found(text));
        }
        return out;
    }

    /** The first private key of a PEM text. */
    public static PrivateKey privateKey(String text) throws PemException {
        for (Block b : blocks(text)) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der(), "PRIVATE KEY");
                }
                case "RSA PRIVATE KEY" -> {
                    return generate("RSA", Der.wrapPkcs1(b.der()), "RSA PRIVATE KEY");
                }
                case "EC PRIVATE KEY" -> {
                    return generate("EC", Der.wrapSec1(b.der()), "EC PRIVATE KEY");
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted();
                default -> {
                    // e.g. "EC PARAMETERS", written by openssl ecparam ahead of the key
                }
            }
        }
        if (ENCRYPTED_HEADER.matcher(text).find()) {
            throw encrypted();
        }
        throw new PemException("no private key block (" + KEY_TYPES + ")" + found(text));
    }

    private static PemException encrypted() {
        return new PemException("encrypted private keys are not supported: give the key unencrypted (PKCS#8, "
                + "PKCS#1 RSA or SEC1 EC), e.g. openssl pkey -in key.pem -out plain.pem");
    }

    /** PKCS#8 names its algorithm inside; the JDK wants it named outside, so try each family Kubetron accepts. */
    private static PrivateKey pkcs8(byte[] der, String what) throws PemException {
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "EdDSA", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new PemException(
                "the " + what + " block is not an RSA, EC, Ed25519/Ed448 or RSASSA-PSS key in PKCS#8"
                        + (last == null || last.getMessage() == null ? "" : ": " + last.getMessage()),
                last);
    }

    private static PrivateKey generate(String alg, byte[] pkcs8, String what) throws PemException {
        try {
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new PemException("the " + what + " block is not a valid " + alg + " key: " + e.getMessage(), e);
        }
    }

    /** What a text held instead, for the error message. */
    private static String found(String text) {
        List<String> types = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            types.add(m.group(1));
        }
        if (types.isEmpty()) {
            return text.isBlank() ? " (the text is empty)" : " (the text holds no PEM block)";
        }
        return " (found " + String.join(", ", types) + ")";
    }
}
