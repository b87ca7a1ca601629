package dev.resilience.fallback;

import dev.resilience.core.Exceptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Regression (issue 8, defect 5): when every fallback failed, each call added its handlers' failures to the
 * original failure as suppressed exceptions, so a pre-allocated or {@code static} exception thrown by many calls
 * grew by one retained exception per call (20,000 after 20,000 calls). Additions are now bounded by
 * {@link Exceptions#SUPPRESSED_LIMIT}.
 */
class SharedFailureSuppressionTest {

    static final int CALLS = 20_000;

    /** Pre-allocated, as applications do to keep failing cheap. */
    static final IllegalStateException SHARED = new IllegalStateException("pre-allocated, thrown by every call");

    final Fallback<String> declining = Fallback.<String>builder("declining")
            .then((failure, call) -> {
                throw new IllegalArgumentException("the fallback failed too");
            })
            .build();

    @Test
    void aSharedExceptionStopsGrowingSynchronously() {
        for (int i = 0; i < CALLS; i++) {
            assertThatThrownBy(() -> declining.executeSupplier(() -> {
                throw SHARED;
            })).isSameAs(SHARED);
        }
        assertThat(SHARED.getSuppressed()).hasSizeLessThanOrEqualTo(Exceptions.SUPPRESSED_LIMIT);
    }

    @Test
    void aSharedExceptionStopsGrowingAsynchronously() throws Exception {
        IllegalStateException shared = new IllegalStateException("pre-allocated, async");
        for (int i = 0; i < CALLS; i++) {
            CompletionStage<String> stage = declining.executeCompletionStage(() -> CompletableFuture.failedFuture(shared));
            assertThatThrownBy(() -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCause(shared);
        }
        assertThat(shared.getSuppressed()).hasSizeLessThanOrEqualTo(Exceptions.SUPPRESSED_LIMIT);
    }

    @Test
    void aFreshFailureStillCarriesEveryHandlersFailureInOrder() {
        Fallback<String> chain = Fallback.<String>builder("chain")
                .then((failure, call) -> {
                    throw new IllegalArgumentException("first");
                })
                .then((failure, call) -> {
                    throw new UnsupportedOperationException("second");
                })
                .build();
        IllegalStateException fresh = new IllegalStateException("fresh");

        assertThatThrownBy(() -> chain.executeSupplier(() -> {
            throw fresh;
        })).isSameAs(fresh);

        assertThat(fresh.getSuppressed()).extracting(Throwable::getMessage).containsExactly("first", "second");
    }

    @Test
    void anExceptionWithSuppressionDisabledIsLeftAlone() {
        RuntimeException noSuppression = new RuntimeException("no suppression", null, false, false) {
            private static final long serialVersionUID = 1L;
        };

        assertThatThrownBy(() -> declining.executeSupplier(() -> {
            throw noSuppression;
        })).isSameAs(noSuppression);

        assertThat(noSuppression.getSuppressed()).isEmpty();
    }

    @Test
    void theHelperNeverSuppressesAnExceptionInItselfNorBeyondTheLimit() {
        IllegalStateException failure = new IllegalStateException("failure");
        assertThat(Exceptions.addSuppressed(failure, failure)).isFalse();
        assertThat(Exceptions.addSuppressed(failure, null)).isFalse();
        for (int i = 0; i < Exceptions.SUPPRESSED_LIMIT; i++) {
            assertThat(Exceptions.addSuppressed(failure, new IllegalArgumentException("#" + i))).isTrue();
        }
        assertThat(Exceptions.addSuppressed(failure, new IllegalArgumentException("one too many"))).isFalse();
        assertThat(failure.getSuppressed()).hasSize(Exceptions.SUPPRESSED_LIMIT);
    }
}
