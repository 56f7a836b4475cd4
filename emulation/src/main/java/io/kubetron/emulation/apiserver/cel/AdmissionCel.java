package io.kubetron.emulation.apiserver.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CEL of Kubernetes admission (webhook matchConditions; ValidatingAdmissionPolicy matchConditions, variables,
 * validations and messageExpressions), compiled and run by Google's CEL for Java.
 *
 * <p>The variables are the API server's ({@code kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/admission/
 * plugin/cel/compile.go} {@code createEnvForOpts}, {@code composition.go}): {@code object}, {@code oldObject},
 * {@code request}, {@code namespaceObject}, {@code params} and {@code variables}. All are declared dynamic: the API
 * server types {@code request} and {@code namespaceObject} (and checks policies against the OpenAPI schema), so a
 * misspelt field fails there when the policy is written and here only when evaluated. {@code authorizer} is left
 * out on purpose: the emulation has no RBAC to ask, so an expression that names it fails to compile, loudly, rather
 * than answering a made-up decision.
 *
 * <p>Libraries, as {@code staging/src/k8s.io/apiserver/pkg/cel/environment/base.go} enables them: the standard
 * macros, strings, optional types, sets, two-variable comprehensions and cross-type numeric comparisons (not the
 * check that list and map literals are homogeneous: CEL for Java deprecates it). Kubernetes' own libraries (lists' {@code isSorted}/{@code sum}, regex {@code find}, quantity,
 * IP/CIDR, URL, format, semver, image, authz) are not in CEL for Java, and an expression that calls them fails to
 * compile. Values are JSON trees as maps and lists ({@link JsonValues}), as the API server's unstructured objects:
 * {@code has()} and {@code in} work on map keys, a missing key is an evaluation error.
 *
 * <p>Each expression is compiled once and its program (or its compile error) cached. Errors are {@link
 * CelException}s worded as {@code staging/src/k8s.io/apiserver/pkg/admission/plugin/cel/filter.go} words them; a
 * caller applies its failurePolicy to them, never reads them as true or false. Thread-safe.
 */
public final class AdmissionCel {
    /** The variables an admission expression may name. */
    public static final List<String> VARIABLES =
            List.of("object", "oldObject", "request", "namespaceObject", "params", "variables");

    /** What an expression must give: compile.go checks the output type against the expression's kind. */
    public enum Result {
        BOOL,
        STRING,
        ANY
    }

    private static final CelOptions OPTIONS =
            CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

    private final CelCompiler compiler;
    private final CelRuntime runtime;
    private final Map<String, Compiled> programs = new ConcurrentHashMap<>();

    private record Compiled(CelRuntime.Program program, CelAbstractSyntaxTree ast, String error) {}

    public AdmissionCel() {
        var b = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(
                        CelExtensions.strings(),
                        CelExtensions.optional(),
                        CelExtensions.sets(OPTIONS),
                        CelExtensions.comprehensions());
        for (String v : VARIABLES) {
            b.addVar(v, SimpleType.DYN);
        }
        compiler = b.build();
        runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(OPTIONS)
                .addLibraries(
                        CelExtensions.strings(),
                        CelExtensions.optional(),
                        CelExtensions.sets(OPTIONS),
                        CelExtensions.comprehensions())
                .build();
    }

    /** A compile or evaluation error: the API server applies the failurePolicy to these. */
    public static final class CelException extends Exception {
        public CelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Evaluates {@code expression} with {@code vars} (CEL values: {@link JsonValues#of}, or a {@link
     * CompositedVariables} for {@code variables}); variables not given are null.
     */
    public Object evaluate(String expression, Map<String, Object> vars) throws CelException {
        return evaluate(expression, Result.ANY, vars);
    }

    /** {@link #evaluate}, which must give a bool. */
    public boolean test(String expression, Map<String, Object> vars) throws CelException {
        Object r = evaluate(expression, Result.BOOL, vars);
        if (r instanceof Boolean b) {
            return b;
        }
        throw new CelException("expression '" + expression + "' resulted in " + r + ", not a bool", null);
    }

    /** Evaluates an expression that must give {@code result}. */
    public Object evaluate(String expression, Result result, Map<String, Object> vars) throws CelException {
        CelRuntime.Program p = program(expression, result);
        Map<String, Object> all = new HashMap<>();
        for (String v : VARIABLES) {
            Object value = vars.get(v);
            all.put(v, value == null ? JsonValues.NULL : value);
        }
        try {
            return p.eval(all);
        } catch (CelEvaluationException e) {
            throw new CelException("expression '" + expression + "' resulted in error: " + e.getMessage(), e);
        }
    }

    /** Compiles without evaluating: the check the API server makes when the object is written. */
    public void check(String expression, Result result) throws CelException {
        program(expression, result);
    }

    private CelRuntime.Program program(String expression, Result result) throws CelException {
        Compiled c = programs.computeIfAbsent(expression, this::compile);
        if (c.error() != null) {
            throw new CelException("compilation error: " + c.error(), null);
        }
        CelKind kind = c.ast().getResultType().kind();
        boolean fits = switch (result) {
            case ANY -> true;
            // a dynamic result is checked when evaluated: the variables here are untyped
            case BOOL -> kind == CelKind.BOOL || kind == CelKind.DYN;
            case STRING -> kind == CelKind.STRING || kind == CelKind.DYN;
        };
        if (!fits) {
            throw new CelException(
                    "compilation error: must evaluate to " + result.name().toLowerCase(java.util.Locale.ROOT)
                            + " but got " + c.ast().getResultType().name(),
                    null);
        }
        return c.program();
    }

    private Compiled compile(String expression) {
        try {
            CelValidationResult r = compiler.compile(expression);
            if (r.hasError()) {
                return new Compiled(null, null, "compilation failed: " + r.getErrorString());
            }
            CelAbstractSyntaxTree ast = r.getAst();
            return new Compiled(runtime.createProgram(ast), ast, null);
        } catch (CelValidationException | CelEvaluationException e) {
            return new Compiled(null, null, "compilation failed: " + e.getMessage());
        }
    }
}
