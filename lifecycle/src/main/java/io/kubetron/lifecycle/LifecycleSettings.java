package io.kubetron.lifecycle;

import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType;
import io.kubetron.common.settings.Settings;
import io.kubetron.common.settings.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How the lifecycle controller behaves, read once from {@link #SETTINGS} (in the webhook's process: its flags, the
 * environment, its {@code --config} file), validated.
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

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public static final Setting<Duration> GRACE = Setting.of(
                    "lifecycle-grace",
                    SettingType.duration(Duration.ZERO),
                    "How long a port may exist without its Pod before it counts as abandoned; keep it above the API "
                            + "server's request timeout (60s), so that no admission can still be in flight.")
            .defaultsTo("3m")
            .replacing("KUBETRON_LIFECYCLE_GRACE_SECONDS");
    public static final Setting<Duration> SWEEP_INTERVAL = Setting.of(
                    "lifecycle-sweep-interval",
                    SettingType.duration(Duration.ofSeconds(1)),
                    "The time between the end of one sweep and the start of the next.")
            .defaultsTo("2m")
            .replacing("KUBETRON_LIFECYCLE_SWEEP_SECONDS");
    public static final Setting<String> LEASE_NAMESPACE = Setting.of(
                    "lifecycle-lease-namespace",
                    SettingType.matching("NAMESPACE", DNS_LABEL, "a namespace name"),
                    "Namespace of the Lease that elects the one sweeping replica (in a Pod: the downward API's "
                            + "metadata.namespace).")
            .defaultsTo("kubetron");
    public static final Setting<String> LEASE_NAME = Setting.of(
                    "lifecycle-lease-name", SettingType.matching("NAME", DNS_NAME, "a Lease name"), "The Lease's name.")
            .defaultsTo("kubetron-lifecycle");
    public static final Setting<String> IDENTITY = Setting.of(
                    "lifecycle-identity",
                    SettingType.text("NAME"),
                    "This replica's name in the Lease, unique per replica (in a Pod: its name). HOSTNAME is the "
                            + "container runtime's.")
            .alsoFromEnv("HOSTNAME")
            .defaultNote("a random id");

    public static final Setting<Duration> ADMISSION_CHECK = Setting.of(
                    "lifecycle-admission-check",
                    SettingType.duration(Duration.ofSeconds(1)),
                    "How long after an admission that made ports this replica checks that a Pod listing them was "
                            + "stored, and deletes them if not (the API server refused the Pod after the webhook).")
            .defaultsTo("20s")
            .replacing("KUBETRON_LIFECYCLE_ADMISSION_CHECK_SECONDS");

    /** Every setting of the lifecycle controller. */
    public static final List<Setting<?>> SETTINGS =
            List.of(GRACE, SWEEP_INTERVAL, ADMISSION_CHECK, LEASE_NAMESPACE, LEASE_NAME, IDENTITY);

    /** The typed settings of resolved {@link #SETTINGS}, with the fixed lease timings (15s, 10s, 2s). */
    public static LifecycleSettings from(Settings s) {
        return new LifecycleSettings(
                s.get(GRACE),
                s.get(SWEEP_INTERVAL),
                s.get(LEASE_NAMESPACE),
                s.get(LEASE_NAME),
                s.find(IDENTITY).orElseGet(() -> "kubetron-" + UUID.randomUUID()),
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                s.get(ADMISSION_CHECK));
    }

    /**
     * Settings in the environment's style ({@code KUBETRON_LIFECYCLE_GRACE=3m}...): tests and the dev kit.
     *
     * @throws io.kubetron.common.settings.SettingsException naming every wrong key
     */
    public static LifecycleSettings fromMap(Map<String, String> environment) {
        return from(Settings.resolve("lifecycle", SETTINGS, List.of(Source.environment(environment))));
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
}
