package io.kubetron.webhook.review;

/** The request body is not an admission.k8s.io/v1 AdmissionReview the webhook can answer. */
public class InvalidReviewException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidReviewException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidReviewException(String message) {
        super(message);
    }
}
