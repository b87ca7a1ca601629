package dev.resilience.spring.boot.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every configuration key of every pattern, given every kind of invalid value: negative, zero where not allowed,
 * out of range, empty, unknown enum, unknown class, a class that is not a Throwable, malformed or overflowing
 * duration. Each must fail the start with a message that names the full property path.
 *
 * <p>{@link #emptyValues()}: a key given with no value (issue 8, defect 8).
 */
class BadConfigurationTableTests {

    private static final String CB = "resilience.circuit-breaker.instances.backend.";
    private static final String RETRY = "resilience.retry.instances.backend.";
    private static final String BH = "resilience.bulkhead.instances.backend.";
    private static final String TPB = "resilience.thread-pool-bulkhead.instances.backend.";
    private static final String RL = "resilience.rate-limiter.instances.backend.";
    private static final String TO = "resilience.timeout.instances.backend.";

    private static final String MALFORMED_DURATION = "soon";
    private static final String OVERFLOWING_DURATION = "9999999999999999999d";
    private static final String OVERFLOWING_INT = "99999999999";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class));

    static Stream<Arguments> invalidValues() {
        List<Arguments> rows = new ArrayList<>();
        // circuit-breaker
        rows(rows, CB + "sliding-window-type", "sideways", "42");
        rows(rows, CB + "sliding-window-size", "-1", "0", "1000001", OVERFLOWING_INT, "ten");
        rows(rows, CB + "minimum-number-of-calls", "-1", "0", OVERFLOWING_INT);
        rows(rows, CB + "failure-rate-threshold", "-1", "0", "100.5", "150", "NaN", "fifty");
        rows(rows, CB + "slow-call-rate-threshold", "-1", "0", "101", "NaN");
        rows(rows, CB + "slow-call-duration-threshold", "-1s", MALFORMED_DURATION, OVERFLOWING_DURATION);
        rows(rows, CB + "permitted-number-of-calls-in-half-open-state", "-1", "0", OVERFLOWING_INT);
        rows(rows, CB + "max-wait-duration-in-half-open-state", "-1ms", MALFORMED_DURATION, OVERFLOWING_DURATION);
        rows(rows, CB + "wait-duration-in-open-state", "-1s", MALFORMED_DURATION, OVERFLOWING_DURATION);
        rows(rows, CB + "automatic-transition-from-open-to-half-open-enabled", "maybe");
        rows(rows, CB + "record-exceptions", "com.example.DoesNotExist", "java.lang.String");
        rows(rows, CB + "ignore-exceptions", "com.example.DoesNotExist", "java.lang.String");
        rows(rows, CB + "ignore-inner-rejections", "maybe");
        rows(rows, CB + "register-health-indicator", "maybe");
        rows(rows, CB + "allow-health-indicator-to-fail", "maybe");
        rows(rows, CB + "store", "cassandra");
        rows(rows, CB + "base-config", "nope");
        rows(rows, "resilience.circuit-breaker.configs.default.failure-rate-threshold", "0");
        // retry
        rows(rows, RETRY + "max-attempts", "-1", "0", OVERFLOWING_INT, "three");
        rows(rows, RETRY + "wait-duration", "-1ms", MALFORMED_DURATION, OVERFLOWING_DURATION);
        rows(rows, RETRY + "enable-exponential-backoff", "maybe");
        rows(rows, RETRY + "exponential-backoff-multiplier", "-1", "0", "NaN", "Infinity", "double");
        rows(rows, RETRY + "exponential-max-wait-duration", "-1s", MALFORMED_DURATION, OVERFLOWING_DURATION);
        rows(rows, RETRY + "enable-randomized-wait", "maybe");
        rows(rows, RETRY + "randomized-wait-factor", "-0.1", "1.5", "NaN");
        rows(rows, RETRY + "retry-exceptions", "com.example.DoesNotExist", "java.lang.String");
        rows(rows, RETRY + "ignore-exceptions", "com.example.DoesNotExist", "java.lang.String");
        rows(rows, RETRY + "base-config", "nope");
        // bulkhead
        rows(rows, BH + "max-concurrent-calls", "-1", "0", OVERFLOWING_INT, "many");
        rows(rows, BH + "max-wait-duration", "-1ms", MALFORMED_DURATION, OVERFLOWING_DURATION);
        rows(rows, BH + "base-config", "nope");
        // thread-pool-bulkhead
        rows(rows, TPB + "core-thread-pool-size", "-1", "0", OVERFLOWING_INT);
        rows(rows, TPB + "max-thread-pool-size", "-1", "0", OVERFLOWING_INT);
        rows(rows, TPB + "queue-capacity", "-1", OVERFLOWING_INT);
        rows(rows, TPB + "keep-alive-duration", "-1ms", MALFORMED_DURATION, OVERFLOWING_DURATION);
        rows(rows, TPB + "base-config", "nope");
        // rate-limiter
        rows(rows, RL + "limit-for-period", "-1", "0", OVERFLOWING_INT);
        rows(rows, RL + "limit-refresh-period", "-1s", "0s", MALFORMED_DURATION, OVERFLOWING_DURATION);
        rows(rows, RL + "timeout-duration", "-1s", MALFORMED_DURATION, OVERFLOWING_DURATION);
        rows(rows, RL + "max-keys", "-1", "0", OVERFLOWING_INT);
        rows(rows, RL + "store", "cassandra");
        rows(rows, RL + "base-config", "nope");
        // timeout
        rows(rows, TO + "timeout-duration", "-1s", MALFORMED_DURATION, OVERFLOWING_DURATION);
        rows(rows, TO + "cancel-running-future", "maybe");
        rows(rows, TO + "base-config", "nope");
        // top level
        rows(rows, "resilience.aspect-order", "retry,retry", "breaker");
        return rows.stream();
    }

    /** Issue 8 #6 (values that pass validation and then crash) and #8 (an empty value keeps the default). */
    /**
     * Empty values (issue 8, defect 8). A queue capacity of Integer.MAX_VALUE and a keep-alive of 300000d are not
     * here: they are accepted and work (ResilienceConfigurationValidationTests).
     */
    static Stream<Arguments> emptyValues() {
        List<Arguments> rows = new ArrayList<>();
        rows(rows, RETRY + "max-attempts", "");
        rows(rows, CB + "failure-rate-threshold", "");
        rows(rows, BH + "max-concurrent-calls", "");
        rows(rows, RL + "limit-for-period", "");
        rows(rows, TO + "timeout-duration", "");
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidValues")
    void anInvalidValueFailsTheStartNamingItsFullPath(String property, String value) {
        assertStartFailsNaming(property, value);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("emptyValues")
    void anEmptyValueFailsTheStartNamingItsFullPath(String property, String value) {
        assertStartFailsNaming(property, value);
    }

    private void assertStartFailsNaming(String property, String value) {
        runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).as(property + "=" + value + " must fail the start").hasFailed();
            String messages = messages(context.getStartupFailure());
            // A list property is named with its index when one element is wrong.
            assertThat(messages).as("the failure names '" + property + "'").contains(property);
        });
    }

    private static void rows(List<Arguments> rows, String property, String... values) {
        for (String value : values) {
            rows.add(Arguments.of(property, value));
        }
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
