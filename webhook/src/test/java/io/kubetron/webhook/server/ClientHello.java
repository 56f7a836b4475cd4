package io.kubetron.webhook.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * A TLS ClientHello written by hand (RFC 5246 section 7.4.1.2), so that a test can offer what no JDK client offers any
 * more (TLS 1.0, CBC suites) whatever {@code jdk.tls.disabledAlgorithms} says, and see what the server answers.
 */
public final class ClientHello {
    /** TLS 1.0, 1.1, 1.2 as they appear on the wire. */
    public static final int TLS10 = 0x0301;

    public static final int TLS11 = 0x0302;
    public static final int TLS12 = 0x0303;
    /** TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: forward secret and AEAD. */
    public static final int ECDHE_RSA_AES128_GCM = 0xc02f;
    /** TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 and _SHA: forward secret, CBC with MAC-then-encrypt. */
    public static final int ECDHE_RSA_AES128_CBC_SHA256 = 0xc027;

    public static final int ECDHE_RSA_AES128_CBC_SHA = 0xc013;
    /** TLS_RSA_WITH_AES_128_GCM_SHA256: no forward secrecy. */
    public static final int RSA_AES128_GCM = 0x009c;
    /** TLS_EMPTY_RENEGOTIATION_INFO_SCSV. */
    private static final int RENEGOTIATION_SCSV = 0x00ff;

    private ClientHello() {}

    /** What the server sends back first: 0x16 a handshake record (its ServerHello), 0x15 an alert, -1 nothing. */
    public static int firstRecordType(InetSocketAddress server, int version, int... suites) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(bytes(version, suites));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            try {
                return in.read();
            } catch (IOException e) {
                return -1; // reset
            }
        }
    }

    /** The ClientHello record offering {@code version} and {@code suites}, with the extensions ECDHE needs. */
    public static byte[] bytes(int version, int... suites) {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        put16(hello, version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        hello.writeBytes(random);
        hello.write(0); // no session id
        put16(hello, 2 * (suites.length + 1));
        for (int s : suites) {
            put16(hello, s);
        }
        put16(hello, RENEGOTIATION_SCSV);
        hello.write(1); // one compression method: null
        hello.write(0);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        extension(ext, 0x000a, new byte[] {0, 4, 0, 0x1d, 0, 0x17}); // supported_groups: x25519, secp256r1
        extension(ext, 0x000b, new byte[] {1, 0}); // ec_point_formats: uncompressed
        // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
        extension(ext, 0x000d, new byte[] {0, 6, 4, 3, 8, 4, 4, 1});
        put16(hello, ext.size());
        hello.writeBytes(ext.toByteArray());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        put16(record, TLS10); // the record layer's version, as every client writes it
        put16(record, hello.size() + 4);
        record.write(1); // client_hello
        record.write(0);
        put16(record, hello.size());
        record.writeBytes(hello.toByteArray());
        return record.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        put16(out, type);
        put16(out, data.length);
        out.writeBytes(data);
    }

    private static void put16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v & 0xff);
    }
}
