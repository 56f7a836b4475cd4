package io.kubetron.demo;

import java.io.PrintStream;

/** One line per step, with the time since the start, and details indented under it. Not thread-safe. */
final class Progress {
    private final PrintStream out;
    private final long t0 = System.nanoTime();
    private String current;

    Progress(PrintStream out) {
        this.out = out;
    }

    /** Starts a step; it is printed when it ends ({@link #ok}) or fails. */
    void step(String what) {
        current = what;
    }

    void ok() {
        out.printf("[%5.1fs] ok   %s%n", seconds(), current);
        out.flush();
    }

    void failed(String why) {
        out.printf("[%5.1fs] FAIL %s%n         %s%n", seconds(), current == null ? "" : current, why);
        out.flush();
    }

    /** A detail of the current step (what the README asks the reader to look at). */
    void detail(String text) {
        for (String line : text.split("\n")) {
            out.println("         " + line);
        }
    }

    double seconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Runs {@code body} as one step. */
    <T> T run(String what, java.util.function.Supplier<T> body) {
        step(what);
        T t = body.get();
        ok();
        return t;
    }

    void run(String what, Runnable body) {
        step(what);
        body.run();
        ok();
    }
}
