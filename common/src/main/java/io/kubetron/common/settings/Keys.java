package io.kubetron.common.settings;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one key style. A setting's key is lower case with dashes ({@code node-name}); it is also its name in the
 * {@code --config} file. Its flag is {@code --} and the key ({@code --node-name}); its environment variable is
 * {@code KUBETRON_} and the key in upper case with underscores ({@code KUBETRON_NODE_NAME}). The OpenStack client
 * settings, whose keys start with {@code os-}, keep the names every OpenStack tool reads ({@code os-auth-url} is
 * {@code OS_AUTH_URL} and {@code --os-auth-url}, as with the {@code openstack} command).
 */
public final class Keys {
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final String PREFIX = "KUBETRON_";
    private static final String OPENSTACK = "os-";

    private Keys() {}

    /** @throws IllegalArgumentException when {@code key} is not lower case words joined by dashes */
    public static String checked(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("'" + key + "' is not a setting key (lower-case words joined by -)");
        }
        return key;
    }

    /** {@code node-name} → {@code KUBETRON_NODE_NAME}; {@code os-auth-url} → {@code OS_AUTH_URL}. */
    public static String env(String key) {
        String snake = checked(key).toUpperCase(Locale.ROOT).replace('-', '_');
        return key.startsWith(OPENSTACK) ? snake : PREFIX + snake;
    }

    /** {@code node-name} → {@code --node-name}. */
    public static String flag(String key) {
        return "--" + checked(key);
    }
}
