package io.kubetron.cli.gc;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.cli.network.BackendOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Opens the backend described by the shared {@link BackendOptions} mixin, so {@code kubetron gc} takes exactly the
 * flags and setting sources of {@code kubetron port list}. {@code BackendOptions.open()} is package-private in
 * {@code io.kubetron.cli.network}; until it is made public this calls it reflectively (covered by GcCommandIT).
 */
final class SharedBackendOptions {
    private SharedBackendOptions() {
    }

    static NetworkBackend open(BackendOptions options) {
        try {
            Method open = BackendOptions.class.getDeclaredMethod("open");
            open.setAccessible(true);
            return (NetworkBackend) open.invoke(options);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("BackendOptions.open() changed: " + e, e);
        }
    }
}
