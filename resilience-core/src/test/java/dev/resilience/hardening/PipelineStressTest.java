package dev.resilience.hardening;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pattern composed in one pipeline, hammered by several threads for a fixed time (or a million calls),
 * then every invariant checked: see {@link PipelineStress}. The normal build runs 3 s per mode; the
 * {@code hardening} profile runs longer ({@code -Dhardening.seconds}, {@code -Dhardening.threads},
 * {@code -Dhardening.calls}, {@code -Dhardening.seed} to replay a run).
 */
class PipelineStressTest {

    @Test
    void synchronousPipelineKeepsEveryInvariant() throws Exception {
        PipelineStress.Report report = PipelineStress.runSync(PipelineStress.Options.fromSystemProperties(3));
        System.out.println(report);
        assertThat(report.violations).as(report.toString()).isEmpty();
        assertThat(report.calls).isPositive();
        assertDrovePatterns(report);
        assertThat(report.figures.get("breakerTransitions")).isPositive();
    }

    @Test
    void asynchronousPipelineKeepsEveryInvariant() throws Exception {
        PipelineStress.Report report = PipelineStress.runAsync(PipelineStress.Options.fromSystemProperties(3));
        System.out.println(report);
        assertThat(report.violations).as(report.toString()).isEmpty();
        assertDrovePatterns(report);
        assertThat(report.figures.get("breakerTransitions")).isPositive();
    }

    /**
     * The run must have driven every pattern, or it proves nothing. Timeouts are not required: one call in 5,000
     * is slow, and a very slow machine may make too few calls in 3 s to draw one.
     */
    private static void assertDrovePatterns(PipelineStress.Report report) {
        assertThat(report.outcomes).allSatisfy((outcome, count) -> {
            if (!outcome.equals("timedOut")) {
                assertThat(count).as(outcome).isPositive();
            }
        });
    }
}
