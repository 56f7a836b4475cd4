package io.kubetron.common.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** {@link Pem} over files: every error names the file. Stateless, hence thread-safe. */
public final class PemFiles {
    private PemFiles() {}

    /** The certificates of a PEM file (a chain or a CA bundle). */
    public static List<X509Certificate> certificates(Path file) throws IOException, PemException {
        String text = read(file);
        try {
            return Pem.certificates(text);
        } catch (PemException e) {
            throw new PemException(file + ": " + e.getMessage(), e);
        }
    }

    /** The first private key of a PEM file. */
    public static PrivateKey privateKey(Path file) throws IOException, PemException {
        String text = read(file);
        try {
            return Pem.privateKey(text);
        } catch (PemException e) {
            throw new PemException(file + ": " + e.getMessage(), e);
        }
    }

    /** A certificate chain and its private key, checked to belong together ({@link KeyAndChain#parse}). */
    public static KeyAndChain keyAndChain(Path certificateFile, Path keyFile) throws IOException, PemException {
        return KeyAndChain.parse(read(certificateFile), read(keyFile), certificateFile.toString(), keyFile.toString());
    }

    private static String read(Path file) throws IOException {
        // PEM is ASCII; ISO-8859-1 never fails on a stray byte, which then shows up as "no block" with the file name
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }
}
