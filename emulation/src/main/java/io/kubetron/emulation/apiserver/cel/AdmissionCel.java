package io.kubetron.emulation.apiserver.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CEL of Kubernetes admission (webhook matchConditions, ValidatingAdmissionPolicy matchConditions, variables,
 * validations and messageExpressions), compiled and run by Google's CEL for Java. The variables are the API server's
 * ({@code kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/admission/plugin/cel/compile.go}: {@code object},
 * {@code oldObject}, {@code request}, {@code params}, {@code namespaceObject}, {@code variables}, {@code authorizer}),
 * declared dynamic: the API server types them from the OpenAPI schema, so a misspelt field fails there at compile
 * time and here only when evaluated. Libraries: the standard macros, strings and optional types, which Kubernetes
 * enables too; Kubernetes' own (quantity, IP, URL, authorizer) are not here, and an expression that calls them fails
 * to compile, loudly. Programs are compiled once and cached. Thread-safe.
 */
public final class AdmissionCel {
    /** The variables an admission expression may name. */
    public static final java.util.List<String> VARIABLES =
            java.util.List.of("object", "oldObject", "request", "params", "namespaceObject", "variables", "authorizer");

    private final CelCompiler compiler;
    private final CelRuntime runtime;
    private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

    public AdmissionCel() {
        var b = CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelExtensions.strings(), CelExtensions.optional());
        for (String v : VARIABLES) {
            b.addVar(v, SimpleType.DYN);
        }
        compiler = b.build();
        runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .addLibraries(CelExtensions.strings(), CelExtensions.optional())
                .build();
    }

    /** A compile or evaluation error: the API server applies the failurePolicy to these. */
    public static final class CelException extends Exception {
        public CelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Evaluates {@code expression} with {@code vars} (CEL values: {@link JsonValues#of}); variables not given are
     * null.
     */
    public Object evaluate(String expression, Map<String, Object> vars) throws CelException {
        CelRuntime.Program p = program(expression);
        Map<String, Object> all = new java.util.HashMap<>();
        for (String v : VARIABLES) {
            all.put(v, vars.getOrDefault(v, JsonValues.NULL));
        }
        try {
            return p.eval(all);
        } catch (CelEvaluationException e) {
            throw new CelException("expression '" + expression + "' failed: " + e.getMessage(), e);
        }
    }

    /** {@link #evaluate}, which must give a bool. */
    public boolean test(String expression, Map<String, Object> vars) throws CelException {
        Object r = evaluate(expression, vars);
        if (r instanceof Boolean b) {
            return b;
        }
        throw new CelException("expression '" + expression + "' gave " + r + ", not a bool", null);
    }

    /** Compiles without evaluating: the check the API server makes when the object is written. */
    public void check(String expression) throws CelException {
        program(expression);
    }

    private CelRuntime.Program program(String expression) throws CelException {
        CelRuntime.Program p = programs.get(expression);
        if (p != null) {
            return p;
        }
        try {
            CelValidationResult r = compiler.compile(expression);
            if (r.hasError()) {
                throw new CelException("compilation failed: " + r.getErrorString(), null);
            }
            CelAbstractSyntaxTree ast = r.getAst();
            p = runtime.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new CelException("compilation failed: " + e.getMessage(), e);
        }
        programs.put(expression, p);
        return p;
    }
}
