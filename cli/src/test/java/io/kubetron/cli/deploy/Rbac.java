package io.kubetron.cli.deploy;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one ServiceAccount may do according to the RBAC objects of a build, evaluated as the API server's RBAC
 * authorizer does: ClusterRoles bound by ClusterRoleBindings apply everywhere, Roles bound by RoleBindings only in
 * their namespace; a rule matches by group, resource, verb and, when it lists them, resource names.
 */
final class Rbac {
    /** A rule and the namespace it is limited to (empty: every namespace). */
    private record Grant(PolicyRule rule, String namespace) {}

    private final List<Grant> grants = new ArrayList<>();

    Rbac(List<KubernetesResource> objects, String namespace, String serviceAccount) {
        for (KubernetesResource o : objects) {
            if (o instanceof ClusterRoleBinding b && binds(b.getSubjects(), namespace, serviceAccount)) {
                rulesOf(objects, b.getRoleRef().getKind(), b.getRoleRef().getName(), "")
                        .forEach(r -> grants.add(new Grant(r, "")));
            } else if (o instanceof RoleBinding b && binds(b.getSubjects(), namespace, serviceAccount)) {
                String ns = b.getMetadata().getNamespace();
                rulesOf(objects, b.getRoleRef().getKind(), b.getRoleRef().getName(), ns)
                        .forEach(r -> grants.add(new Grant(r, ns)));
            }
        }
    }

    boolean allows(ApiCall call) {
        return grants.stream()
                .anyMatch(g -> (g.namespace().isEmpty() || g.namespace().equals(call.namespace()))
                        && g.rule().getApiGroups().contains(call.group())
                        && g.rule().getResources().contains(call.resource())
                        && g.rule().getVerbs().contains(call.verb())
                        && (g.rule().getResourceNames().isEmpty()
                                || g.rule().getResourceNames().contains(call.name())));
    }

    /** Every {@code verb group/resource} granted, in {@link ApiCall#permission()}'s form. */
    Set<String> permissions() {
        Set<String> out = new TreeSet<>();
        for (Grant g : grants) {
            for (String group : g.rule().getApiGroups()) {
                for (String resource : g.rule().getResources()) {
                    for (String verb : g.rule().getVerbs()) {
                        out.add(new ApiCall(group, resource, "", "", verb).permission());
                    }
                }
            }
        }
        return out;
    }

    private static boolean binds(List<Subject> subjects, String namespace, String serviceAccount) {
        return subjects.stream()
                .anyMatch(s -> "ServiceAccount".equals(s.getKind())
                        && serviceAccount.equals(s.getName())
                        && namespace.equals(s.getNamespace()));
    }

    private static List<PolicyRule> rulesOf(
            List<KubernetesResource> objects, String kind, String name, String namespace) {
        for (KubernetesResource o : objects) {
            if (kind.equals("ClusterRole")
                    && o instanceof ClusterRole r
                    && r.getMetadata().getName().equals(name)) {
                return r.getRules();
            }
            if (kind.equals("Role")
                    && o instanceof Role r
                    && r.getMetadata().getName().equals(name)
                    && r.getMetadata().getNamespace().equals(namespace)) {
                return r.getRules();
            }
        }
        throw new AssertionError("a binding refers to " + kind + " " + name + ", which the build does not have");
    }
}
