package io.kubetron.node.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles and means of millisecond samples (nearest-rank: p99 of 30 samples is the largest). Pure. */
record Stats(int n, double p50, double p99, double mean, double min, double max) {
    static final Stats NONE = new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static Stats of(List<Double> ms) {
        double[] s = ms.stream()
                .filter(d -> !Double.isNaN(d))
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        if (s.length == 0) {
            return NONE;
        }
        return new Stats(
                s.length,
                rank(s, 50),
                rank(s, 99),
                Arrays.stream(s).average().orElse(Double.NaN),
                s[0],
                s[s.length - 1]);
    }

    private static double rank(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
