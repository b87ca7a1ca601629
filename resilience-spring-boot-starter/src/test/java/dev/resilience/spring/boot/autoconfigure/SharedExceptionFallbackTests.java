package dev.resilience.spring.boot.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.resilience.annotation.Fallback;
import dev.resilience.core.Exceptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Regression (issue 8, defect 5) for {@code @Fallback}: a method that throws one {@code static} exception, with
 * a fallback that fails too, no longer adds a suppressed exception to that shared instance on every call.
 */
class SharedExceptionFallbackTests {

    static final int CALLS = 20_000;

    static final IllegalStateException SHARED = new IllegalStateException("static, thrown by every call");

    static final IllegalStateException SHARED_ASYNC = new IllegalStateException("static, async");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceAnnotationsAutoConfiguration.class))
            .withBean(Service.class);

    @Test
    void theSharedExceptionKeepsABoundedNumberOfSuppressedExceptions() {
        runner.run(context -> {
            Service service = context.getBean(Service.class);
            for (int i = 0; i < CALLS; i++) {
                assertThatThrownBy(service::fails).isSameAs(SHARED);
                assertThatThrownBy(() -> service.failsLater().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCause(SHARED_ASYNC);
            }
            assertThat(SHARED.getSuppressed()).isNotEmpty().hasSizeLessThanOrEqualTo(Exceptions.SUPPRESSED_LIMIT);
            assertThat(SHARED_ASYNC.getSuppressed()).isNotEmpty()
                    .hasSizeLessThanOrEqualTo(Exceptions.SUPPRESSED_LIMIT);
        });
    }

    /** Annotated methods. */
    public static class Service {

        @Fallback(method = "declining")
        public String fails() {
            throw SHARED;
        }

        @Fallback(method = "decliningLater")
        public CompletableFuture<String> failsLater() {
            return CompletableFuture.failedFuture(SHARED_ASYNC);
        }

        String declining(Throwable failure) {
            throw new IllegalArgumentException("the fallback failed too");
        }

        CompletableFuture<String> decliningLater(Throwable failure) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the fallback failed too"));
        }
    }
}
