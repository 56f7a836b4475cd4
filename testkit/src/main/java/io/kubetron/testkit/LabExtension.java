package io.kubetron.testkit;

import io.kubetron.lab.FreePorts;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import io.kubetron.lab.NetnsPods;
import io.kubetron.lab.NeutronOptions;
import io.kubetron.lab.NodeOptions;
import io.kubetron.lab.neutron.NeutronEndpoints;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives integration tests a running lab ({@link Lab} parameter) and a {@link NetnsPods} parameter whose namespaces and
 * ports are removed after each test, pass or fail. One lab serves the whole test run (stopped when the run ends)
 * unless the class is annotated {@link OwnLab}. A class annotated {@link NeutronLab} gets a lab that also runs Neutron
 * (shared by the classes with the same Keystone setting, or its own with {@link OwnLab}) and may take a
 * {@link NeutronEndpoints} parameter; a class annotated {@link MultiNodeLab} gets a lab with several nodes (shared by
 * the classes with the same nodes and physnet values). Labs get free loopback ports and their own names, so a
 * developer's {@code kubetron lab} keeps running beside them.
 */
public final class LabExtension implements ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(LabExtension.class);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);
    private static final AtomicInteger OWN_LABS = new AtomicInteger();
    /** This JVM's PID in base 36 (at most 5 characters for Linux's 22-bit PIDs), so lab names stay within 8. */
    private static final String RUN_ID =
            "t" + Long.toString(ProcessHandle.current().pid() % (36L * 36 * 36 * 36 * 36), 36);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> type = p.getParameter().getType();
        return type == Lab.class || type == NetnsPods.class || type == NeutronEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        Lab lab = labFor(c);
        if (p.getParameter().getType() == Lab.class) {
            return lab;
        }
        if (p.getParameter().getType() == NeutronEndpoints.class) {
            return lab.neutron()
                    .orElseThrow(() -> new IllegalStateException("a NeutronEndpoints parameter needs @NeutronLab on "
                            + c.getRequiredTestClass().getName()));
        }
        // scoped to the test method (or class, for @BeforeAll parameters): closed by JUnit when that scope ends
        return c.getStore(NS)
                .getOrComputeIfAbsent(
                        NetnsPods.class.getName() + "@" + System.identityHashCode(lab),
                        k -> new NetnsPods(lab),
                        NetnsPods.class);
    }

    private static Lab labFor(ExtensionContext c) {
        boolean own = c.getRequiredTestClass().isAnnotationPresent(OwnLab.class);
        NeutronLab neutron = c.getRequiredTestClass().getAnnotation(NeutronLab.class);
        NodeOptions nodes = nodeOptions(c.getRequiredTestClass().getAnnotation(MultiNodeLab.class));
        ExtensionContext scope = own ? classContext(c) : c.getRoot();
        // one character tells the node layouts apart (a single node and no physnet: none, as before)
        String layout = nodes.equals(NodeOptions.SINGLE)
                ? ""
                : Integer.toString((nodes.count() - 1) * 2 + (nodes.physnet() ? 1 : 0), 36);
        String key = (neutron == null ? "lab" : neutron.keystone() ? "lab-neutron-keystone" : "lab-neutron")
                + (layout.isEmpty() ? "" : "-nodes-" + layout);
        // names are unique per test JVM: two test runs on one machine (two developers, two modules) must not find,
        // use or stop each other's labs
        String name = own
                ? "o" + Integer.toString(OWN_LABS.incrementAndGet() % 36, 36) + RUN_ID
                : (neutron == null ? "i" : neutron.keystone() ? "k" : "n") + layout + RUN_ID;
        return scope.getStore(NS)
                .getOrComputeIfAbsent(key, k -> RunningLab.start(name, neutron, nodes), RunningLab.class)
                .lab();
    }

    private static NodeOptions nodeOptions(MultiNodeLab a) {
        return a == null ? NodeOptions.SINGLE : new NodeOptions(a.nodes(), a.physnet());
    }

    private static ExtensionContext classContext(ExtensionContext c) {
        ExtensionContext ctx = c;
        while (ctx.getTestMethod().isPresent() && ctx.getParent().isPresent()) {
            ctx = ctx.getParent().get();
        }
        return ctx;
    }

    /** A lab stopped when the store that holds it closes. */
    record RunningLab(Lab lab) implements AutoCloseable {
        static RunningLab start(String name, NeutronLab neutron, NodeOptions nodes) {
            LabConfig config = LabConfig.named(name)
                    .withPorts(FreePorts.next(), FreePorts.next(), FreePorts.next())
                    .withNodes(nodes);
            if (neutron != null) {
                config = config.withNeutron(
                        new NeutronOptions(true, neutron.keystone(), FreePorts.next(), FreePorts.next()));
            }
            Lab lab = new Lab(config, line -> LOG.info("[lab {}] {}", name, line));
            lab.up();
            return new RunningLab(lab);
        }

        @Override
        public void close() {
            lab.down();
        }
    }
}
