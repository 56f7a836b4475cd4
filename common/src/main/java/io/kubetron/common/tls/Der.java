package io.kubetron.common.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Just enough DER to turn PKCS#1 RSA and SEC1 EC keys into PKCS#8, the only private key encoding the JDK's
 * {@link java.security.KeyFactory} reads. Stateless, hence thread-safe.
 */
final class Der {
    /** rsaEncryption, 1.2.840.113549.1.1.1. */
    private static final byte[] OID_RSA = {
        0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
    };
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final byte[] NULL = {0x05, 0x00};

    private Der() {}

    /** PKCS#8 = SEQUENCE { INTEGER 0, SEQUENCE { rsaEncryption, NULL }, OCTET STRING pkcs1 }. */
    static byte[] wrapPkcs1(byte[] pkcs1) throws PemException {
        requireSequence(pkcs1, "RSA PRIVATE KEY");
        byte[] algId = tlv(0x30, concat(OID_RSA, NULL));
        return tlv(0x30, concat(VERSION_0, algId, tlv(0x04, pkcs1)));
    }

    /** SEC1 carries the curve as its [0] parameters; PKCS#8 wants it in the algorithm identifier. */
    static byte[] wrapSec1(byte[] sec1) throws PemException {
        Element seq = requireSequence(sec1, "EC PRIVATE KEY");
        byte[] curveOid = null;
        try {
            for (int p = seq.valueStart; p < seq.end; ) {
                Element child = new Element(sec1, p);
                if (child.tag == 0xa0) {
                    Element oid = new Element(sec1, child.valueStart);
                    curveOid = Arrays.copyOfRange(sec1, oid.start, oid.end);
                }
                p = child.end;
            }
        } catch (PemException e) {
            throw new PemException("EC PRIVATE KEY is not valid DER: " + e.getMessage(), e);
        }
        if (curveOid == null) {
            throw new PemException("EC PRIVATE KEY names no curve");
        }
        byte[] algId = tlv(0x30, concat(OID_EC, curveOid));
        return tlv(0x30, concat(VERSION_0, algId, tlv(0x04, sec1)));
    }

    private static Element requireSequence(byte[] der, String what) throws PemException {
        Element e;
        try {
            e = new Element(der, 0);
        } catch (PemException x) {
            throw new PemException(what + " is not valid DER: " + x.getMessage(), x);
        }
        if (e.tag != 0x30 || e.end != der.length) {
            throw new PemException(what + " is not a DER sequence");
        }
        return e;
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

    /** The header of one DER element: tag, where its value starts and where it ends. */
    private static final class Element {
        final int tag;
        final int start;
        final int valueStart;
        final int end;

        Element(byte[] b, int start) throws PemException {
            if (start + 2 > b.length) {
                throw new PemException("truncated DER");
            }
            this.start = start;
            this.tag = b[start] & 0xff;
            int len = b[start + 1] & 0xff;
            int p = start + 2;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                if (bytes == 0 || bytes > 4 || p + bytes > b.length) {
                    throw new PemException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (b[p++] & 0xff);
                }
            }
            this.valueStart = p;
            this.end = p + len;
            if (len < 0 || end > b.length || end < p) {
                throw new PemException("truncated DER");
            }
        }
    }
}
