package io.kubetron.emulation.apiserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who makes a request, as the API server's authenticators describe a user ({@code k8s.io/apiserver
 * pkg/authentication/user}) and admission sees it in {@code request.userInfo}.
 *
 * @param extra for a ServiceAccount token bound to a Pod: the Pod's name and UID, the node's name and UID, the
 *     token's credential id ({@code kubernetes/kubernetes pkg/serviceaccount/claims.go} {@code Validate} fills
 *     {@code ServiceAccountInfo} from the token's private claims and its {@code jti}; {@code
 *     staging/src/k8s.io/apiserver/pkg/authentication/serviceaccount/util.go} {@code UserInfo} turns it into these
 *     keys; the node keys need ServiceAccountTokenPodNodeInfo, beta in 1.30, GA in 1.32)
 */
public record UserInfo(String username, String uid, List<String> groups, Map<String, List<String>> extra) {
    public static final String POD_NAME = "authentication.kubernetes.io/pod-name";
    public static final String POD_UID = "authentication.kubernetes.io/pod-uid";
    public static final String NODE_NAME = "authentication.kubernetes.io/node-name";
    public static final String NODE_UID = "authentication.kubernetes.io/node-uid";
    public static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

    public UserInfo {
        groups = List.copyOf(groups);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        extra.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        extra = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * What anonymous authentication (on by default) makes of a request without credentials ({@code
     * staging/src/k8s.io/apiserver/pkg/authentication/request/anonymous/anonymous.go}).
     */
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
     * gives). The UIDs and the token id are derived from the names, so the same arguments give the same user.
     * Groups: util.go {@code MakeGroupNames} plus {@code system:authenticated}, which every authenticated user gets
     * ({@code staging/src/k8s.io/apiserver/pkg/authentication/group/authenticated_group_adder.go}).
     */
    public static UserInfo serviceAccount(String namespace, String name, String podName, String nodeName) {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        extra.put(POD_NAME, List.of(podName));
        extra.put(POD_UID, List.of(uuid("pod/" + namespace + "/" + podName)));
        // util.go CredentialIDForJTI: "JTI=" + the token's jti claim
        extra.put(CREDENTIAL_ID, List.of("JTI=" + uuid("token/" + namespace + "/" + name + "/" + podName)));
        if (nodeName != null) {
            extra.put(NODE_NAME, List.of(nodeName));
            extra.put(NODE_UID, List.of(uuid("node/" + nodeName)));
        }
        return new UserInfo(
                "system:serviceaccount:" + namespace + ":" + name,
                uuid("serviceaccount/" + namespace + "/" + name),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"),
                extra);
    }

    private static String uuid(String seed) {
        return java.util
                .UUID
                .nameUUIDFromBytes(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    /** As {@code request.userInfo} in CEL and in an AdmissionReview (authentication.k8s.io/v1 UserInfo). */
    Map<String, Object> toCel() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", username);
        m.put("uid", uid);
        m.put("groups", groups);
        m.put("extra", new LinkedHashMap<String, Object>(extra));
        return m;
    }
}
