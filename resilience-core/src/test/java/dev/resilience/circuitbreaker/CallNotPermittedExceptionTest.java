package dev.resilience.circuitbreaker;

import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a rejected caller gets: prebuilt rejections by default, fresh ones with stack traces when asked for. */
class CallNotPermittedExceptionTest {

    private final Supplier<String> call = () -> "never";

    private CallNotPermittedException rejectionOf(CircuitBreaker breaker) {
        return catchThrowableOfType(CallNotPermittedException.class, () -> breaker.executeSupplier(call));
    }

    @Test
    void withoutStackTracesEachStateRejectsWithOnePrebuiltExceptionWithTheRightMessage() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("payments");
        breaker.transitionToOpenState();
        CallNotPermittedException first = rejectionOf(breaker);
        CallNotPermittedException second = rejectionOf(breaker);
        breaker.transitionToForcedOpenState();
        CallNotPermittedException forced = rejectionOf(breaker);

        assertThat(second).isSameAs(first);
        assertThat(first.name()).isEqualTo("payments");
        assertThat(first.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(first).hasMessage("CircuitBreaker 'payments' is OPEN and does not permit further calls");
        assertThat(first.getStackTrace()).isEmpty();
        assertThat(forced).isNotSameAs(first).isSameAs(rejectionOf(breaker));
        assertThat(forced.state()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
        assertThat(forced).hasMessage("CircuitBreaker 'payments' is FORCED_OPEN and does not permit further calls");
    }

    @Test
    void aPrebuiltRejectionCannotBeGrownByWhoeverCatchesIt() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("payments");
        breaker.transitionToOpenState();
        CallNotPermittedException rejection = rejectionOf(breaker);

        rejection.addSuppressed(new IllegalStateException("a fallback failed"));
        rejection.setStackTrace(new StackTraceElement[] {new StackTraceElement("X", "y", "X.java", 1)});

        assertThat(rejectionOf(breaker)).isSameAs(rejection);
        assertThat(rejection.getSuppressed()).isEmpty();
        assertThat(rejection.getStackTrace()).isEmpty();
        assertThat(rejection.getCause()).isNull();
    }

    @Test
    void withWritableStackTracesEveryRejectionIsANewExceptionWithTheCallersStack() {
        CircuitBreaker breaker = CircuitBreaker.of("payments",
                CircuitBreakerConfig.builder().writableStackTraceEnabled(true).build());
        breaker.transitionToOpenState();

        CallNotPermittedException first = rejectionOf(breaker);
        CallNotPermittedException second = rejectionOf(breaker);

        assertThat(second).isNotSameAs(first);
        assertThat(first.getStackTrace()).isNotEmpty();
        assertThat(first).hasMessage("CircuitBreaker 'payments' is OPEN and does not permit further calls");
        assertThat(first.name()).isEqualTo("payments");
    }

    @Test
    void twoBreakersNeverShareARejection() {
        CircuitBreaker a = CircuitBreaker.ofDefaults("a");
        CircuitBreaker b = CircuitBreaker.ofDefaults("b");
        a.transitionToOpenState();
        b.transitionToOpenState();

        assertThat(rejectionOf(a).name()).isEqualTo("a");
        assertThat(rejectionOf(b).name()).isEqualTo("b");
    }
}
