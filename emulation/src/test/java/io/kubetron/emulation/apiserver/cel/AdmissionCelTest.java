package io.kubetron.emulation.apiserver.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Admission CEL on JSON trees: Kubernetes' semantics where they matter, and errors that stay errors. */
class AdmissionCelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AdmissionCel cel = new AdmissionCel();

    private static Map<String, Object> vars(String objectJson) {
        JsonNode o = JSON.readTree(objectJson);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", JsonValues.of(o));
        v.put("request", Map.of("operation", "CREATE", "userInfo", Map.of("extra", Map.of("k", List.of("v")))));
        return v;
    }

    private static final String POD = """
            {"metadata": {"name": "web", "labels": {"app": "shop", "tier": "front"},
                          "annotations": {"example.com/owner": "team-a"}},
             "spec": {"nodeName": "node-1", "containers": [{"name": "app", "ports": [{"containerPort": 8080}]}]}}""";

    @Test
    void mapsListsStringsAndOptionalsBehaveAsInKubernetes() throws Exception {
        Map<String, Object> v = vars(POD);
        for (String e : List.of(
                "has(object.metadata.labels) && has(object.metadata.labels.app)",
                "!has(object.metadata.finalizers)",
                "'tier' in object.metadata.labels && !('zone' in object.metadata.labels)",
                "object.metadata.labels.size() == 2 && size(object.spec.containers) == 1",
                "object.spec.containers.all(c, c.name.startsWith('a'))",
                "object.spec.containers[0].ports[0].containerPort == 8080",
                "object.spec.containers[0].ports[0].containerPort < 8080.5",
                "object.metadata.annotations['example.com/owner'].split('-') == ['team', 'a']",
                "object.metadata.name.upperAscii() == 'WEB' && 'a,b'.split(',').size() == 2",
                "object.?metadata.?labels.?zone.orValue('none') == 'none'",
                "object.metadata.?annotations[?'example.com/owner'] == optional.of('team-a')",
                "oldObject == null && params == null",
                "sets.contains(['a', 'b', 'c'], ['a', 'c'])",
                "object.metadata.labels.all(k, v, k.size() > 0 && v.size() > 0)",
                "'v' in request.userInfo.extra['k']")) {
            assertThat(cel.test(e, v)).as(e).isTrue();
        }
        assertThat(cel.evaluate("object.metadata.labels.map(k, k + '=' + object.metadata.labels[k])", v))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrder("app=shop", "tier=front");
    }

    @Test
    void aMissingKeyIsAnErrorNotFalse() {
        assertThatThrownBy(() -> cel.test("object.metadata.labels.zone == 'a'", vars(POD)))
                .isInstanceOf(AdmissionCel.CelException.class)
                .hasMessageStartingWith("expression 'object.metadata.labels.zone == 'a'' resulted in error: ");
        assertThatThrownBy(() -> cel.test("oldObject.metadata.name == 'web'", vars(POD)))
                .isInstanceOf(AdmissionCel.CelException.class)
                .hasMessageContaining("resulted in error");
        // CEL's commutative logic absorbs an error when the other side decides
        assertThat(catchingTest("true || object.metadata.labels.zone == 'a'")).isTrue();
    }

    @Test
    void compileErrorsAreErrorsAndNamesOutsideTheEnvironmentDoNotCompile() {
        assertThatThrownBy(() -> cel.test("object.(", vars(POD)))
                .hasMessageStartingWith("compilation error: compilation failed: ");
        // the emulation has no authorizer (no RBAC): an expression that asks one fails loudly
        assertThatThrownBy(() -> cel.test("authorizer.group('').resource('pods').check('get').allowed()", vars(POD)))
                .hasMessageContaining("undeclared reference to 'authorizer'");
        assertThatThrownBy(() -> cel.test("'text'", vars(POD))).hasMessageContaining("must evaluate to bool");
        assertThatThrownBy(() -> cel.evaluate("1 + 1", AdmissionCel.Result.STRING, vars(POD)))
                .hasMessageContaining("must evaluate to string but got int");
        // cached: the same answer again
        assertThatThrownBy(() -> cel.test("object.(", vars(POD))).hasMessageContaining("compilation failed");
    }

    @Test
    void variablesAreLazyAndAFailingOneFailsOnlyWhatReadsIt() throws Exception {
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("owner", "object.metadata.annotations['example.com/owner']");
        declared.put("zone", "object.metadata.labels['zone']"); // no such label: fails when read
        declared.put("team", "variables.owner.split('-')[1]");
        Map<String, Object> act = new CompositedVariables(cel, declared, vars(POD)).activation();
        assertThat(cel.test("variables.team == 'a' && variables.owner == 'team-a'", act))
                .isTrue();
        assertThatThrownBy(() -> cel.test("variables.zone == 'eu'", act))
                .hasMessageContaining("composited variable \"zone\" fails to evaluate: ");
        assertThatThrownBy(() -> cel.test("variables.nothing == 1", act)).hasMessageContaining("resulted in error");
    }

    private boolean catchingTest(String e) {
        try {
            return cel.test(e, vars(POD));
        } catch (AdmissionCel.CelException x) {
            throw new AssertionError(x);
        }
    }
}
