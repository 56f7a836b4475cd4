package io.kubetron.demo;

import java.io.PrintStream;

/**
 * One line per step, printed when the step starts (with the time since the demo's start), the step's details
 * indented under it, and a FAIL line with the reason if it fails. Not thread-safe.
 */
final class Progress {
    private final PrintStream out;
    private final long t0 = System.nanoTime();
    private String current;

    Progress(PrintStream out) {
        this.out = out;
    }

    /** Starts a step: its line. */
    void step(String what) {
        current = what;
        out.printf("[%5.1fs] %s%n", seconds(), what);
        out.flush();
    }

    /** The step ended well (its line says what it did; nothing more to print). */
    void ok() {
        current = null;
    }

    void failed(String why) {
        out.printf("[%5.1fs] FAILED%s: %s%n", seconds(), current == null ? "" : " (" + current + ")", why);
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
