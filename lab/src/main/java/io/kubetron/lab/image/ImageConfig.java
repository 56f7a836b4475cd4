package io.kubetron.lab.image;

import java.util.List;
import java.util.Map;

/**
 * What an image tells the runtime to run (the {@code config} object of the image configuration; the runtime's
 * container config overrides each part that it sets, as the CRI's {@code command} and {@code args} do).
 *
 * @param user {@code uid:gid}, or empty for root
 */
public record ImageConfig(
        List<String> entrypoint,
        List<String> cmd,
        String user,
        List<String> env,
        String workingDir,
        Map<String, String> labels) {
    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
    }

    /** An image that runs {@code entrypoint} as {@code user} with the usual PATH. */
    public static ImageConfig of(String user, String... entrypoint) {
        return new ImageConfig(
                List.of(entrypoint),
                List.of(),
                user,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                "/",
                Map.of());
    }
}
