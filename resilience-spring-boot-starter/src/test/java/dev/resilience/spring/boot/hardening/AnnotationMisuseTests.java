package dev.resilience.spring.boot.hardening;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Annotation mistakes beyond those of {@code FailFastTests}: each fails the start with a message naming the method,
 * or has one documented meaning.
 */
class AnnotationMisuseTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceAnnotationsAutoConfiguration.class, AopAutoConfiguration.class));

    @Test
    void aFallbackWithoutAnyMethod() {
        runner.withBean(NoFallbackMethod.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining(NoFallbackMethod.class.getName() + "#call()")
                .hasMessageContaining("@Fallback names no method"));
    }

    @Test
    void aThreadPoolBulkheadOnAVoidMethod() {
        runner.withBean(VoidThreadPool.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining(VoidThreadPool.class.getName() + "#call()")
                .hasMessageContaining("requires a CompletionStage"));
    }

    /** Found here: a blank name used to create one instance named "" shared by every such method. */
    @Test
    void aBlankNameFailsTheStart() {
        runner.withBean(EmptyName.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining(EmptyName.class.getName() + "#call()")
                .hasMessageContaining("@CircuitBreaker has a blank name; expected the name of an instance, as in "
                        + "'resilience.circuit-breaker.instances.<name>'")
                .hasMessageContaining("@Retry has a blank name"));
    }

    @Test
    void aBlankKeyIsOneSharedLimit() {
        runner.withBean(BlankKey.class)
                .withPropertyValues("resilience.rate-limiter.instances.blank.limit-for-period=1",
                        "resilience.rate-limiter.instances.blank.limit-refresh-period=1h")
                .run(context -> {
                    // A blank key is no key: one limiter shared by every call, like the default "".
                    BlankKey bean = context.getBean(BlankKey.class);
                    assertThat(bean.call("a")).isEqualTo("a");
                    assertThatThrownBy(() -> bean.call("b"))
                            .isInstanceOf(RateLimitExceededException.class);
                });
    }

    @Test
    void anExceptionBothAppliedAndIgnoredIsIgnored() {
        runner.withBean(Contradictory.class).run(context -> {
            // As everywhere in the library, ignore wins over apply-on (README, "Reliability").
            assertThatThrownBy(() -> context.getBean(Contradictory.class).call())
                    .isInstanceOf(IllegalStateException.class);
        });
    }

    static class NoFallbackMethod {
        @Fallback(method = {})
        public String call() {
            throw new IllegalStateException("down");
        }
    }

    static class VoidThreadPool {
        @Bulkhead(name = "pool", type = Bulkhead.Type.THREAD_POOL)
        public void call() {
        }
    }

    static class EmptyName {
        @CircuitBreaker(name = "")
        @Retry(name = "")
        public String call() {
            return "ok";
        }
    }

    static class BlankKey {
        @RateLimit(name = "blank", key = "   ")
        public String call(String user) {
            return user;
        }
    }

    static class Contradictory {
        @Fallback(method = "recover", applyOn = IllegalStateException.class, ignore = IllegalStateException.class)
        public String call() {
            throw new IllegalStateException("down");
        }

        public String recover(Throwable failure) {
            return "recovered";
        }
    }
}
