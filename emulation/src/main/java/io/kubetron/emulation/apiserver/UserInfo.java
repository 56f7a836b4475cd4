package io.kubetron.emulation.apiserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who makes a request, as the API server's authenticators describe a user ({@code k8s.io/apiserver
 * pkg/authentication/user}) and admission sees it in {@code request.userInfo}.
 *
 * @param extra for a ServiceAccount token bound to a Pod: the Pod's name and UID, the node's name and UID, the
 *     token's credential id ({@code kubernetes/kubernetes pkg/serviceaccount/claims.go} and {@code
 *     staging/src/k8s.io/apiserver/pkg/authentication/serviceaccount/util.go}; the node keys need
 *     ServiceAccountTokenPodNodeInfo, beta in 1.30, GA in 1.32)
 */
public record UserInfo(String username, String uid, List<String> groups, Map<String, List<String>> extra) {
    public static final String NODE_NAME = "authentication.kubernetes.io/node-name";

    public UserInfo {
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }

    /** What {@code --anonymous-auth} (on by default) makes of a request without credentials. */
    public static UserInfo anonymous() {
        return new UserInfo("system:anonymous", "", List.of("system:unauthenticated"), Map.of());
    }

    /** A cluster administrator (a client certificate in group system:masters). */
    public static UserInfo admin() {
        return new UserInfo("kubernetes-admin", "", List.of("system:masters", "system:authenticated"), Map.of());
    }

    /**
     * The user of a projected ServiceAccount token bound to Pod {@code podName} on node {@code nodeName} (null: a
     * token without node claims, as a legacy Secret-based token or a cluster without ServiceAccountTokenPodNodeInfo
     * gives).
     */
    public static UserInfo serviceAccount(String namespace, String name, String podName, String nodeName) {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        extra.put("authentication.kubernetes.io/pod-name", List.of(podName));
        extra.put(
                "authentication.kubernetes.io/pod-uid",
                List.of(java.util
                        .UUID
                        .nameUUIDFromBytes(podName.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString()));
        if (nodeName != null) {
            extra.put(NODE_NAME, List.of(nodeName));
        }
        return new UserInfo(
                "system:serviceaccount:" + namespace + ":" + name,
                java.util
                        .UUID
                        .nameUUIDFromBytes((namespace + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString(),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"),
                extra);
    }

    /** As {@code request.userInfo} in CEL. */
    Map<String, Object> toCel() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", username);
        m.put("uid", uid);
        m.put("groups", groups);
        Map<String, Object> x = new LinkedHashMap<>(extra);
        m.put("extra", x);
        return m;
    }
}
