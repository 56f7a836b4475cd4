package io.kubetron.cli.gc;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.KubeClients;
import io.kubetron.cli.settings.DurationConverter;
import io.kubetron.cli.settings.SettingsCatalog;
import io.kubetron.cli.settings.SettingsOptions;
import io.kubetron.common.settings.Durations;
import io.kubetron.lifecycle.pods.ApiPods;
import io.kubetron.lifecycle.sweep.Orphan;
import io.kubetron.lifecycle.sweep.PortHistoryBook;
import io.kubetron.lifecycle.sweep.Reaper;
import io.kubetron.lifecycle.sweep.SweepObserver;
import io.kubetron.lifecycle.sweep.SweepReport;
import io.kubetron.lifecycle.sweep.Sweeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kubetron gc}: one sweep of the lifecycle controller from the command line, with the same rules
 * (docs/lifecycle.md). A one-shot run remembers nothing, so it looks at the ports, waits {@code --grace} for
 * admissions in flight to finish, then decides; ports whose Pod's uid is known need no wait.
 */
@Command(
        name = "gc",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        modelTransformer = SettingsCatalog.BackendFlags.class,
        description = "Delete ports whose Pods are gone (one sweep).")
public final class GcCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settings;

    @Mixin
    GcOutput output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--dry-run", description = "List what would be deleted, delete nothing.")
    boolean dryRun;

    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster).")
    Path kubeconfig;

    @Option(
            names = "--grace",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long a port without a Pod must stay so to count as an orphan, e.g. 60s, 5m, 1m30s, 0s "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Override
    public Integer call() throws InterruptedException {
        output.check();
        try (KubernetesClient client = client();
                NetworkBackend b = Backends.open(SettingsCatalog.backend(settings, "kubetron gc"))) {
            ApiPods pods = new ApiPods(client);
            PortHistoryBook book = new PortHistoryBook();
            Clock clock = Clock.systemUTC();
            if (!grace.isZero()) {
                // the first look starts every port's grace period; the sweep after the wait decides
                book.recordListing(b.listOwnedPorts(OwnerFilter.ALL), List.of(), clock.instant());
                spec.commandLine()
                        .getErr()
                        .println("kubetron gc: waiting " + Durations.format(grace)
                                + " so that admissions in flight can finish (--grace 0s to skip)");
                spec.commandLine().getErr().flush();
                Thread.sleep(grace.toMillis());
            }
            Reaper reaper = new Reaper(b, pods, book, grace, SweepObserver.NONE);
            Sweeper sweeper = new Sweeper(b, pods::listAll, book, reaper, grace, clock, SweepObserver.NONE);
            SweepReport r = sweeper.sweep(dryRun, () -> true);
            output.print(spec.commandLine().getOut(), r);
            return r.count(Orphan.Outcome.FAILED) > 0 ? 1 : 0;
        }
    }

    private KubernetesClient client() {
        return KubeClients.open(kubeconfig);
    }
}
