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
        // The run must have driven every pattern, or it proves nothing.
        assertThat(report.outcomes).allSatisfy((outcome, count) -> assertThat(count).as(outcome).isPositive());
        assertThat(report.figures.get("breakerTransitions")).isPositive();
    }

    @Test
    void asynchronousPipelineKeepsEveryInvariant() throws Exception {
        PipelineStress.Report report = PipelineStress.runAsync(PipelineStress.Options.fromSystemProperties(3));
        System.out.println(report);
        assertThat(report.violations).as(report.toString()).isEmpty();
        assertThat(report.outcomes).allSatisfy((outcome, count) -> assertThat(count).as(outcome).isPositive());
        assertThat(report.figures.get("breakerTransitions")).isPositive();
    }
}
