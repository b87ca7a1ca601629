package dev.resilience.spring.aop;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Every annotation mistake the contract lists fails the start, naming the bean class, method and expectation. */
class FailFastTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withBean(ResilienceAnnotationBeanPostProcessor.class,
                    () -> new ResilienceAnnotationBeanPostProcessor(beanFactory -> new TracingInstances()));

    @Test
    void aFallbackMethodThatDoesNotExist() {
        runner.withBean(MissingFallback.class).run(context -> assertThat(context).getFailure().rootCause()
                .isInstanceOf(InvalidResilienceAnnotationException.class)
                .hasMessageContaining(MissingFallback.class.getName() + "#call(String)")
                .hasMessageContaining("@Fallback method 'nope' does not exist")
                .hasMessageContaining("expected " + MissingFallback.class.getName()
                        + "#nope(String, [Throwable or a subtype]) returning a type assignable to java.lang.String"));
    }

    @Test
    void aFallbackMethodWithTheWrongSignature() {
        runner.withBean(WrongFallback.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining(WrongFallback.class.getName() + "#call(String)")
                .hasMessageContaining("@Fallback method 'wrongParameters' does not fit: WrongFallback#wrongParameters(Integer) has parameters (Integer)")
                .hasMessageContaining("@Fallback method 'wrongReturn' does not fit: WrongFallback#wrongReturn(String) returns java.lang.Integer")
                .hasMessageContaining("@Fallback method 'notAThrowable' does not fit: WrongFallback#notAThrowable(String, String) has a last parameter of type String, which is not a Throwable"));
    }

    @Test
    void aFallbackOnABeanThatDoesNotExist() {
        runner.withBean(OtherBeanFallback.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("@Fallback method 'missingBean::serve' refers to bean 'missingBean', but there is no such bean"));
    }

    @Test
    void aThreadPoolBulkheadOnASynchronousMethod() {
        runner.withBean(SyncThreadPool.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining(SyncThreadPool.class.getName() + "#call()")
                .hasMessageContaining("@Bulkhead(type = THREAD_POOL) requires a CompletionStage or CompletableFuture return type, but the method returns java.lang.String"));
    }

    @Test
    void aThreadPoolBulkheadOnACompletionStageMethodIsFine() {
        runner.withBean(AsyncThreadPool.class).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aKeyThatIsNotValidSpel() {
        runner.withBean(BadKey.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining(BadKey.class.getName() + "#call(String)")
                .hasMessageContaining("@RateLimit(name = \"limited\") key '#user.' is not a valid SpEL expression"));
    }

    @Test
    void aKeyUsingAVariableThatIsNotAParameter() {
        runner.withBean(UnknownKeyVariable.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("key '#usr.length()' uses the variable #usr, which is not a parameter of the method; parameters: [user]"));
    }

    @Test
    void annotationsOnMethodsAProxyCanNeverIntercept() {
        runner.withBean(Unreachable.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining(Unreachable.class.getName() + "#privateMethod(): @Retry on a private method")
                .hasMessageContaining(Unreachable.class.getName() + "#finalMethod(): @CircuitBreaker on a final method")
                .hasMessageContaining(Unreachable.class.getName() + "#staticMethod(): @Retry on a static method"));
    }

    static class MissingFallback {
        @Fallback(method = "nope")
        public String call(String input) {
            return input;
        }
    }

    static class WrongFallback {
        @Fallback(method = {"wrongParameters", "wrongReturn", "notAThrowable"})
        public String call(String input) {
            return input;
        }

        String wrongParameters(Integer input) {
            return "";
        }

        Integer wrongReturn(String input) {
            return 1;
        }

        String notAThrowable(String input, String other) {
            return "";
        }
    }

    static class OtherBeanFallback {
        @Fallback(method = "missingBean::serve")
        public String call() {
            return "";
        }
    }

    static class SyncThreadPool {
        @Bulkhead(name = "pool", type = Bulkhead.Type.THREAD_POOL)
        public String call() {
            return "";
        }
    }

    static class AsyncThreadPool {
        @Bulkhead(name = "pool", type = Bulkhead.Type.THREAD_POOL)
        public CompletableFuture<String> call() {
            return CompletableFuture.completedFuture("");
        }
    }

    static class BadKey {
        @RateLimit(name = "limited", key = "#user.")
        public void call(String user) {
        }
    }

    static class UnknownKeyVariable {
        @RateLimit(name = "limited", key = "#usr.length()")
        public void call(String user) {
        }
    }

    static class Unreachable {
        @Retry(name = "x")
        private void privateMethod() {
        }

        @CircuitBreaker(name = "x")
        public final void finalMethod() {
        }

        @Retry(name = "x")
        public static void staticMethod() {
        }

        void usePrivate() {
            privateMethod();
        }
    }
}
