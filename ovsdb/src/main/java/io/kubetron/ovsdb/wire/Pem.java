package io.kubetron.ovsdb.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM keys and certificates with JDK classes only. Private keys: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or
 * EdDSA), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}); the last two are wrapped
 * into PKCS#8 because that is all the JDK's {@link KeyFactory} reads. Stateless, hence thread-safe.
 */
public final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final byte[] OID_RSA = {
        0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
    };
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pem() {}

    /** One decoded PEM block. */
    public record Block(String type, byte[] der) {}

    /** All PEM blocks of a text, in order. */
    public static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        }
        return out;
    }

    /** All certificates of a PEM text (a chain or a CA bundle). */
    public static List<X509Certificate> certificates(String text) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks(text)) {
            if (b.type().equals("CERTIFICATE") || b.type().equals("TRUSTED CERTIFICATE")) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
            }
        }
        if (out.isEmpty()) {
            throw new CertificateException("no BEGIN CERTIFICATE block found");
        }
        return out;
    }

    /** The first private key of a PEM text. */
    public static PrivateKey privateKey(String text) throws GeneralSecurityException {
        for (Block b : blocks(text)) {
            switch (b.type()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der());
                case "RSA PRIVATE KEY":
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapPkcs1(b.der())));
                case "EC PRIVATE KEY":
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(wrapSec1(b.der())));
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException(
                            "encrypted private keys are not supported; OVS keys are not encrypted");
                default:
                // e.g. "EC PARAMETERS" written by openssl ecparam ahead of the key
            }
        }
        throw new GeneralSecurityException(
                "no private key block (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : new String[] {"EC", "RSA", "EdDSA", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported PKCS#8 private key (not EC, RSA or EdDSA)", last);
    }

    /** PKCS#8 = SEQUENCE { INTEGER 0, SEQUENCE { rsaEncryption, NULL }, OCTET STRING pkcs1 }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] algId = tlv(0x30, concat(OID_RSA, new byte[] {0x05, 0x00}));
        return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algId, tlv(0x04, pkcs1)));
    }

    /** SEC1 carries the curve as [0] parameters; PKCS#8 wants it in the algorithm identifier. */
    static byte[] wrapSec1(byte[] sec1) throws GeneralSecurityException {
        byte[] curveOid = null;
        Der seq = new Der(sec1, 0);
        if (seq.tag != 0x30) {
            throw new GeneralSecurityException("EC PRIVATE KEY is not a DER sequence");
        }
        int p = seq.valueStart;
        while (p < seq.end) {
            Der child = new Der(sec1, p);
            if (child.tag == 0xa0) {
                Der oid = new Der(sec1, child.valueStart);
                curveOid = Arrays.copyOfRange(sec1, oid.start, oid.end);
            }
            p = child.end;
        }
        if (curveOid == null) {
            throw new GeneralSecurityException("EC PRIVATE KEY names no curve");
        }
        byte[] algId = tlv(0x30, concat(OID_EC, curveOid));
        return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algId, tlv(0x04, sec1)));
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Header of one DER element; enough to walk a SEC1 structure. */
    private static final class Der {
        final int tag;
        final int start;
        final int valueStart;
        final int end;

        Der(byte[] b, int start) throws GeneralSecurityException {
            if (start + 2 > b.length) {
                throw new GeneralSecurityException("truncated DER");
            }
            this.start = start;
            this.tag = b[start] & 0xff;
            int len = b[start + 1] & 0xff;
            int p = start + 2;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                if (bytes == 0 || bytes > 4 || p + bytes > b.length) {
                    throw new GeneralSecurityException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (b[p++] & 0xff);
                }
            }
            this.valueStart = p;
            this.end = p + len;
            if (end > b.length || end < p) {
                throw new GeneralSecurityException("truncated DER");
            }
        }
    }
}
