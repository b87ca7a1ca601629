package dev.resilience.spring.boot.autoconfigure;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.Retry;
import dev.resilience.spring.aop.FallbackObserver;
import dev.resilience.spring.boot.autoconfigure.observation.ResilienceObservationAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the starter calls on a protected call's path besides the patterns &mdash; {@link FallbackObserver}s
 * (fallback metrics, events, logging) and Micrometer observation handlers &mdash; may throw anything without
 * changing the call's outcome (issue 8, defect 1: "check every pattern for the same shape"). Before, an
 * observer that threw in {@code onFallbackSucceeded} made the next fallback run instead, and one that threw
 * asynchronously left the caller's future incomplete; a throwing observation handler replaced the result.
 */
class FailingObserversTests {

    static List<Throwable> failures() {
        return List.of(new StackOverflowError("observer overflowed"), new IllegalStateException("observer bug"));
    }

    private static ApplicationContextRunner runner(Throwable failure) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                        ResilienceAnnotationsAutoConfiguration.class, ResilienceObservationAutoConfiguration.class))
                .withPropertyValues("resilience.observations.enabled=true",
                        "resilience.retry.configs.default.wait-duration=0ms")
                .withBean(Service.class)
                .withBean("throwingObserver", FallbackObserver.class, () -> throwingObserver(failure))
                .withBean("countingObserver", Counting.class, Counting::new)
                .withBean(ObservationRegistry.class, () -> throwingRegistry(failure));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void outcomesStayTheCallsOwn(Throwable failure) {
        runner(failure).run(context -> {
            Service service = context.getBean(Service.class);
            assertThat(service.succeeds()).isEqualTo("ok");
            assertThat(service.succeedsOnTheSecondAttempt()).isEqualTo("second");
            assertThat(service.recovered()).isEqualTo("first fallback");
            assertThatThrownBy(service::neitherRecovers).hasMessage("down")
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
            assertThat(service.recoveredLater().get(10, TimeUnit.SECONDS)).isEqualTo("async fallback");
            assertThat(context.getBean(Counting.class).calls.get())
                    .as("the observer after the throwing one is still told").isEqualTo(3);
            assertThat(context.getBean(ObservationRegistry.class).getCurrentObservationScope())
                    .as("no scope is left current on this thread by a handler that threw").isNull();
        });
    }

    static FallbackObserver throwingObserver(Throwable failure) {
        return new FallbackObserver() {
            @Override
            public void onFallbackSucceeded(String protectedMethod, String fallbackMethod, Throwable cause) {
                throw sneaky(failure);
            }

            @Override
            public void onFallbackFailed(String protectedMethod, Throwable cause) {
                throw sneaky(failure);
            }
        };
    }

    static ObservationRegistry throwingRegistry(Throwable failure) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                throw sneaky(failure);
            }

            @Override
            public void onError(Observation.Context context) {
                throw sneaky(failure);
            }

            @Override
            public void onEvent(Observation.Event event, Observation.Context context) {
                throw sneaky(failure);
            }

            @Override
            public void onScopeOpened(Observation.Context context) {
                throw sneaky(failure);
            }

            @Override
            public void onStop(Observation.Context context) {
                throw sneaky(failure);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        return registry;
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable failure) throws E {
        throw (E) failure;
    }

    static class Counting implements FallbackObserver {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void onFallbackSucceeded(String protectedMethod, String fallbackMethod, Throwable cause) {
            calls.incrementAndGet();
        }

        @Override
        public void onFallbackFailed(String protectedMethod, Throwable cause) {
            calls.incrementAndGet();
        }
    }

    /** Annotated methods. */
    public static class Service {

        private final AtomicInteger attempts = new AtomicInteger();

        @Retry(name = "backend")
        public String succeeds() {
            return "ok";
        }

        @Retry(name = "backend")
        public String succeedsOnTheSecondAttempt() {
            if (attempts.incrementAndGet() < 2) {
                throw new IllegalStateException("first attempt");
            }
            return "second";
        }

        @Fallback(method = {"firstFallback", "secondFallback"})
        public String recovered() {
            throw new IllegalStateException("down");
        }

        @Fallback(method = "decliningFallback")
        public String neitherRecovers() {
            throw new IllegalStateException("down");
        }

        @Fallback(method = "asyncFallback")
        public CompletableFuture<String> recoveredLater() {
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
        }

        String firstFallback(Throwable failure) {
            return "first fallback";
        }

        String secondFallback(Throwable failure) {
            return "second fallback";
        }

        String decliningFallback(Throwable failure) {
            throw new IllegalArgumentException("no fallback either");
        }

        CompletableFuture<String> asyncFallback(Throwable failure) {
            return CompletableFuture.completedFuture("async fallback");
        }
    }
}
