package io.kubetron.ovsdb.wire;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/** Turns JSSE exceptions into sentences an operator can act on. Stateless, hence thread-safe. */
final class TlsErrors {
    private TlsErrors() {}

    /** Whether {@code t} or one of its causes is a TLS failure. */
    public static boolean isTls(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException
                    || c instanceof CertificateException
                    || c instanceof CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }

    /** A message that says who refused whom, followed by the JSSE message. */
    public static String explain(Throwable t) {
        return explain(t, false);
    }

    /**
     * Like {@link #explain(Throwable)}, knowing whether we were configured with a client certificate: JSSE sends none
     * when ours is not issued by one of the CAs the server asks for, so the server's "certificate_required" then means
     * our certificate is from the wrong CA.
     */
    public static String explain(Throwable t, boolean haveClientCertificate) {
        String raw = rootMessage(t);
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        String hint;
        boolean fromPeer = lower.contains("received fatal alert");
        if (lower.contains("certificate_required") && haveClientCertificate) {
            hint = "the server rejected our client certificate: it requires one issued by a CA it trusts, and ours "
                    + "is not (so none was sent)";
        } else if (lower.contains("certificate_required")) {
            hint = "the server requires a client certificate and we sent none";
        } else if (fromPeer
                && (lower.contains("unknown_ca")
                        || lower.contains("bad_certificate")
                        || lower.contains("decrypt_error")
                        || lower.contains("certificate_unknown")
                        || lower.contains("access_denied")
                        || lower.contains("unsupported_certificate"))) {
            hint = "the server rejected our client certificate (is it signed by a CA the server trusts?)";
        } else if (lower.contains("pkix") || lower.contains("unable to find valid certification path")) {
            hint = "the server's certificate is not signed by the configured CA certificate";
        } else if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            hint =
                    "the server's certificate does not name this host (turn host name verification off for OVS certificates)";
        } else {
            hint = "TLS failure";
        }
        return hint + " (" + raw + ")";
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage() == null
                    ? null
                    : c.getMessage().lines().findFirst().orElse("").strip();
            if (m != null && !m.isEmpty() && !sb.toString().contains(m)) {
                if (!sb.isEmpty()) {
                    sb.append("; ");
                }
                sb.append(m);
            }
        }
        return sb.isEmpty() ? t.getClass().getSimpleName() : sb.toString();
    }
}
