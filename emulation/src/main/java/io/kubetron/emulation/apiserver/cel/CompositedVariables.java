package io.kubetron.emulation.apiserver.cel;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code variables} of a ValidatingAdmissionPolicy for one request, computed lazily as the API server does
 * ({@code kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/admission/plugin/cel/composition.go}: a lazy map
 * whose entries are evaluated when an expression first reads them, then kept for the rest of the request). A variable
 * that fails is an error only for the expressions that read it, worded {@code composited variable "x" fails to
 * evaluate: ...}. A variable may read the ones declared before it. Not thread-safe: one per request.
 */
public final class CompositedVariables extends AbstractMap<String, Object> {
    private static final Object IN_PROGRESS = new Object();

    private final AdmissionCel cel;
    private final Map<String, String> expressions;
    private final Map<String, Object> activation;
    private final Map<String, Object> values = new HashMap<>();

    /**
     * @param expressions name -> expression, in declaration order
     * @param activation the other variables ({@code object}, {@code request}, ...); this map is added to it as
     *     {@code variables}
     */
    public CompositedVariables(AdmissionCel cel, Map<String, String> expressions, Map<String, Object> activation) {
        this.cel = cel;
        this.expressions = new LinkedHashMap<>(expressions);
        this.activation = new HashMap<>(activation);
        this.activation.put("variables", this);
    }

    /** The activation with {@code variables}: what every expression of the policy is evaluated with. */
    public Map<String, Object> activation() {
        return activation;
    }

    @Override
    public boolean containsKey(Object key) {
        return expressions.containsKey(key);
    }

    /**
     * The variable's value.
     *
     * @throws IllegalStateException when it fails to evaluate (CEL turns it into an evaluation error of the
     *     expression that reads it)
     */
    @Override
    public Object get(Object key) {
        String name = (String) key;
        String expression = expressions.get(name);
        if (expression == null) {
            return null;
        }
        Object v = values.get(name);
        if (v == IN_PROGRESS) {
            throw new IllegalStateException("composited variable \"" + name + "\" refers to itself");
        }
        if (v instanceof Failure f) {
            throw new IllegalStateException(f.message());
        }
        if (v != null) {
            return v;
        }
        values.put(name, IN_PROGRESS);
        try {
            Object value = cel.evaluate(expression, activation);
            values.put(name, value);
            return value;
        } catch (AdmissionCel.CelException e) {
            String message = "composited variable \"" + name + "\" fails to evaluate: " + e.getMessage();
            values.put(name, new Failure(message));
            throw new IllegalStateException(message, e);
        }
    }

    private record Failure(String message) {}

    /** Every variable, evaluated (a failed one as its error's message); for diagnostics only. */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String name : expressions.keySet()) {
            try {
                all.put(name, get(name));
            } catch (IllegalStateException e) {
                all.put(name, e.getMessage());
            }
        }
        return all.entrySet();
    }
}
