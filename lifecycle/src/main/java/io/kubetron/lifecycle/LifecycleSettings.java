package io.kubetron.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How the lifecycle controller behaves, parsed once from a map (the environment, or a test's), validated.
 *
 * <p>Keys: {@code KUBETRON_LIFECYCLE_GRACE_SECONDS} (default 180), {@code KUBETRON_LIFECYCLE_SWEEP_SECONDS}
 * (default 120), {@code KUBETRON_LIFECYCLE_LEASE_NAMESPACE} (else {@code POD_NAMESPACE}, else {@code kubetron}),
 * {@code KUBETRON_LIFECYCLE_LEASE_NAME} (default {@code kubetron-lifecycle}), {@code KUBETRON_LIFECYCLE_IDENTITY}
 * (else {@code HOSTNAME}, the Pod's name in a cluster, else a random id), {@code
 * KUBETRON_LIFECYCLE_ADMISSION_CHECK_SECONDS} (default 20).
 *
 * @param grace how long a port may exist without a Pod before it counts as abandoned; above the API server's request
 *     timeout (60 s), so no admission can still be in flight
 * @param sweepInterval the time between the end of one sweep and the start of the next
 * @param leaseNamespace where the Lease that elects the one sweeping replica lives
 * @param leaseName the Lease's name
 * @param identity this replica's name in the Lease; unique per replica
 * @param leaseDuration how long a leader's Lease stays valid without renewal (what a crashed leader costs)
 * @param renewDeadline how long the leader retries renewing before it gives up leading
 * @param retryPeriod how often candidates try to acquire and the leader renews
 * @param admissionCheck how long after an admission that made ports this replica checks that a Pod listing them was
 *     stored, and deletes them if not (the API server refused the Pod after the webhook)
 */
public record LifecycleSettings(
        Duration grace,
        Duration sweepInterval,
        String leaseNamespace,
        String leaseName,
        String identity,
        Duration leaseDuration,
        Duration renewDeadline,
        Duration retryPeriod,
        Duration admissionCheck) {

    public static final Duration DEFAULT_ADMISSION_CHECK = Duration.ofSeconds(20);
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(3);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(2);

    public LifecycleSettings {
        List<String> problems = new ArrayList<>();
        if (grace.isNegative()) {
            problems.add("the grace period cannot be negative");
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            problems.add("the sweep interval must be positive");
        }
        if (admissionCheck.isNegative() || admissionCheck.isZero()) {
            problems.add("the admission check delay must be positive");
        }
        if (!(leaseDuration.compareTo(renewDeadline) > 0 && renewDeadline.compareTo(retryPeriod) > 0)) {
            problems.add("leader election needs lease duration > renew deadline > retry period");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("lifecycle configuration: " + String.join("; ", problems));
        }
    }

    /** Parses and validates; the exception names every wrong key. */
    public static LifecycleSettings fromMap(Map<String, String> m) {
        List<String> problems = new ArrayList<>();
        Duration grace = seconds(m, "KUBETRON_LIFECYCLE_GRACE_SECONDS", DEFAULT_GRACE, problems);
        Duration sweep = seconds(m, "KUBETRON_LIFECYCLE_SWEEP_SECONDS", DEFAULT_SWEEP_INTERVAL, problems);
        Duration check = seconds(m, "KUBETRON_LIFECYCLE_ADMISSION_CHECK_SECONDS", DEFAULT_ADMISSION_CHECK, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("lifecycle configuration: " + String.join("; ", problems));
        }
        String ns = first(m, "KUBETRON_LIFECYCLE_LEASE_NAMESPACE", "POD_NAMESPACE");
        String identity = first(m, "KUBETRON_LIFECYCLE_IDENTITY", "HOSTNAME");
        return new LifecycleSettings(
                grace,
                sweep,
                ns == null ? "kubetron" : ns,
                m.getOrDefault("KUBETRON_LIFECYCLE_LEASE_NAME", "kubetron-lifecycle"),
                identity == null ? "kubetron-" + UUID.randomUUID() : identity,
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                check);
    }

    public LifecycleSettings withGrace(Duration g) {
        return new LifecycleSettings(
                g,
                sweepInterval,
                leaseNamespace,
                leaseName,
                identity,
                leaseDuration,
                renewDeadline,
                retryPeriod,
                admissionCheck);
    }

    public LifecycleSettings withSweepInterval(Duration s) {
        return new LifecycleSettings(
                grace,
                s,
                leaseNamespace,
                leaseName,
                identity,
                leaseDuration,
                renewDeadline,
                retryPeriod,
                admissionCheck);
    }

    public LifecycleSettings withIdentity(String id) {
        return new LifecycleSettings(
                grace,
                sweepInterval,
                leaseNamespace,
                leaseName,
                id,
                leaseDuration,
                renewDeadline,
                retryPeriod,
                admissionCheck);
    }

    /** Shorter lease timings (tests: a failover in seconds rather than a quarter of a minute). */
    public LifecycleSettings withLeaseTimings(Duration duration, Duration renew, Duration retry) {
        return new LifecycleSettings(
                grace, sweepInterval, leaseNamespace, leaseName, identity, duration, renew, retry, admissionCheck);
    }

    public LifecycleSettings withAdmissionCheck(Duration d) {
        return new LifecycleSettings(
                grace,
                sweepInterval,
                leaseNamespace,
                leaseName,
                identity,
                leaseDuration,
                renewDeadline,
                retryPeriod,
                d);
    }

    private static Duration seconds(Map<String, String> m, String key, Duration dflt, List<String> problems) {
        String v = m.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long s = Long.parseLong(v.trim());
            if (s < 0) {
                problems.add(key + " must not be negative: " + v);
                return dflt;
            }
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            problems.add(key + " is not a number of seconds: " + v);
            return dflt;
        }
    }

    private static String first(Map<String, String> m, String... keys) {
        for (String k : keys) {
            String v = m.get(k);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
