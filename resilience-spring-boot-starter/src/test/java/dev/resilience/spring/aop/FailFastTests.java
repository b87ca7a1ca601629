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
                    () -> new ResilienceAnnotationBeanPostProcessor(beanFactory -> new TracingInstances().bind(beanFactory)));

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

    @Test
    void aFallbackOverloadForACheckedExceptionTheMethodCannotThrow() {
        runner.withBean(UnreachableOverload.class).run(context -> assertThat(context).getFailure().rootCause()
                .isInstanceOf(InvalidResilienceAnnotationException.class)
                .hasMessageContaining(UnreachableOverload.class.getName() + "#call(String): @Fallback method "
                        + "'fallback' has an overload UnreachableOverload#fallback(String, IOException) that can "
                        + "never be chosen: IOException is a checked exception, " + UnreachableOverload.class.getName()
                        + "#call(String) declares no checked exception and no resilience pattern throws one (their "
                        + "exceptions are unchecked); expected an exception parameter the call can fail with (an "
                        + "unchecked exception or one it declares), or remove the overload"));
    }

    @Test
    void aTimeoutExceptionOverloadPointsAtTimeoutExceededException() {
        runner.withBean(TimeoutExceptionOverload.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("@Fallback method 'fallback' has an overload "
                        + "TimeoutExceptionOverload#fallback(TimeoutException) that can never be chosen: "
                        + "TimeoutException is a checked exception")
                .hasMessageContaining("@Timeout throws the unchecked dev.resilience.timeout.TimeoutExceededException"
                        + " (not java.util.concurrent.TimeoutException, which resilience4j's time limiter throws): "
                        + "expected the parameter to be TimeoutExceededException"));
    }

    @Test
    void anAsynchronousMethodUnderTimeoutWithATimeoutExceptionOverload() {
        runner.withBean(AsyncTimeoutExceptionOverload.class).run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("@Fallback method 'fallback' has an overload "
                        + "AsyncTimeoutExceptionOverload#fallback(TimeoutException) that can never be chosen: under "
                        + "@Timeout the call times out with TimeoutExceededException; @Timeout throws the unchecked "
                        + "dev.resilience.timeout.TimeoutExceededException"));
    }

    @Test
    void overloadsTheCallCanReachAreFine() {
        runner.withBean(ReachableOverloads.class).withBean(AsyncWithoutTimeout.class)
                .run(context -> assertThat(context).hasNotFailed());
    }

    static class UnreachableOverload {
        @Fallback(method = "fallback")
        public String call(String input) {
            return input;
        }

        String fallback(String input, IllegalStateException failure) {
            return "state";
        }

        String fallback(String input, java.io.IOException failure) {
            return "never";
        }
    }

    static class TimeoutExceptionOverload {
        @Fallback(method = "fallback")
        @dev.resilience.annotation.Timeout(name = "slow")
        public String call() {
            return "";
        }

        String fallback(java.util.concurrent.TimeoutException failure) {
            return "never";
        }
    }

    static class AsyncTimeoutExceptionOverload {
        @Fallback(method = "fallback")
        @dev.resilience.annotation.Timeout(name = "slow")
        public CompletableFuture<String> call() {
            return CompletableFuture.completedFuture("");
        }

        String fallback(java.util.concurrent.TimeoutException failure) {
            return "never";
        }
    }

    static class ReachableOverloads {
        @Fallback(method = "fallback")
        public String call(String input) throws java.io.IOException {
            return input;
        }

        String fallback(String input, java.io.FileNotFoundException failure) {
            return "a subclass of a declared exception";
        }

        String fallback(String input, java.io.IOException failure) {
            return "declared";
        }

        String fallback(String input, Exception failure) {
            return "anything";
        }

        String fallback(String input, dev.resilience.timeout.TimeoutExceededException failure) {
            return "unchecked";
        }
    }

    static class AsyncWithoutTimeout {
        @Fallback(method = "fallback")
        public CompletableFuture<String> call() {
            // The application's own code may complete a stage with a TimeoutException (orTimeout does).
            return new CompletableFuture<String>().orTimeout(1, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        String fallback(java.util.concurrent.TimeoutException failure) {
            return "reached";
        }
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
