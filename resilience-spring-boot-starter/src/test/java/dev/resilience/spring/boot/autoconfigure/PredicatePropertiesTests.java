package dev.resilience.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The predicates named by class, as resilience4j users write them: {@code record-failure-predicate},
 * {@code ignore-exception-predicate} and {@code record-result-predicate} of circuit breakers,
 * {@code retry-exception-predicate} and {@code result-predicate} of retries. They change what the instance
 * does, and a class that cannot serve fails the start naming the property.
 */
class PredicatePropertiesTests {

    private static final String BREAKER = "resilience.circuit-breaker.instances.backend.";

    private static final String RETRY = "resilience.retry.instances.backend.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class))
            .withPropertyValues(BREAKER + "sliding-window-size=10", BREAKER + "minimum-number-of-calls=10",
                    RETRY + "wait-duration=0s");

    @Nested
    class CircuitBreakers {

        @Test
        void aRecordFailurePredicateDecidesWhatCountsAsAFailure() {
            runner.withPropertyValues(BREAKER + "record-failure-predicate=" + ServerErrors.class.getName())
                    .run(context -> {
                        CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("backend");

                        fail(breaker, new IllegalStateException("503 from the server"));
                        fail(breaker, new IllegalStateException("404, a client error"));

                        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
                        assertThat(breaker.metrics().successfulCalls()).isEqualTo(1);
                    });
        }

        @Test
        void anIgnoreExceptionPredicateMakesCallsCountForNothing() {
            runner.withPropertyValues(BREAKER + "ignore-exception-predicate=" + ClientErrors.class.getName())
                    .run(context -> {
                        CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("backend");

                        fail(breaker, new IllegalStateException("404, a client error"));
                        fail(breaker, new IllegalStateException("503 from the server"));

                        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(1);
                        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
                    });
        }

        @Test
        void aRecordResultPredicateCountsReturnedValuesAsFailures() {
            runner.withPropertyValues(BREAKER + "record-result-predicate=" + EmptyResults.class.getName())
                    .run(context -> {
                        CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("backend");

                        assertThat(breaker.executeSupplier(() -> "")).isEmpty();
                        assertThat(breaker.executeSupplier(() -> "value")).isEqualTo("value");

                        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
                        assertThat(breaker.metrics().successfulCalls()).isEqualTo(1);
                    });
        }

        @Test
        void aPredicateSetInADefaultConfigIsInheritedAndShownInTheConfig() {
            runner.withPropertyValues("resilience.circuit-breaker.configs.default.record-failure-predicate="
                    + ServerErrors.class.getName()).run(context -> {
                        CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("other");

                        assertThat(breaker.config().recordExceptionPredicate()).isInstanceOf(ServerErrors.class);
                    });
        }

        @Test
        void theContextsBeanOfThePredicateClassIsUsedRatherThanANewInstance() {
            runner.withUserConfiguration(CountingPredicateBean.class)
                    .withPropertyValues(BREAKER + "record-failure-predicate=" + CountingPredicate.class.getName())
                    .run(context -> {
                        CountingPredicate bean = context.getBean(CountingPredicate.class);
                        CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("backend");

                        assertThat(breaker.config().recordExceptionPredicate()).isSameAs(bean);
                        fail(breaker, new IllegalStateException("boom"));
                        assertThat(bean.calls).hasValue(1);
                    });
        }
    }

    @Nested
    class Retries {

        @Test
        void aRetryExceptionPredicateDecidesWhatIsRetried() {
            runner.withPropertyValues(RETRY + "max-attempts=3",
                    RETRY + "retry-exception-predicate=" + ServerErrors.class.getName()).run(context -> {
                        Retry retry = context.getBean(RetryRegistry.class).get("backend");
                        AtomicInteger attempts = new AtomicInteger();

                        assertThatThrownBy(() -> retry.executeSupplier(() -> {
                            attempts.incrementAndGet();
                            throw new IllegalStateException("503 from the server");
                        })).hasMessageContaining("503");
                        assertThat(attempts).as("server errors are retried").hasValue(3);

                        attempts.set(0);
                        assertThatThrownBy(() -> retry.executeSupplier(() -> {
                            attempts.incrementAndGet();
                            throw new IllegalStateException("404, a client error");
                        })).hasMessageContaining("404");
                        assertThat(attempts).as("client errors are not").hasValue(1);
                    });
        }

        @Test
        void aResultPredicateRetriesReturnedValues() {
            runner.withPropertyValues(RETRY + "max-attempts=4",
                    RETRY + "result-predicate=" + EmptyResults.class.getName()).run(context -> {
                        Retry retry = context.getBean(RetryRegistry.class).get("backend");
                        List<String> answers = List.of("", "", "finally");
                        AtomicInteger attempts = new AtomicInteger();

                        String result = retry.executeSupplier(() -> answers.get(attempts.getAndIncrement()));

                        assertThat(result).isEqualTo("finally");
                        assertThat(attempts).hasValue(3);
                    });
        }
    }

    @Nested
    class InvalidClasses {

        @Test
        void aClassThatDoesNotExist() {
            assertStartFails(BREAKER + "record-failure-predicate=com.example.Missing",
                    "Invalid '" + BREAKER + "record-failure-predicate' (com.example.Missing): no class of that name"
                            + " on the classpath");
        }

        @Test
        void aClassThatIsNotAPredicate() {
            assertStartFails(RETRY + "retry-exception-predicate=java.lang.String",
                    "Invalid '" + RETRY + "retry-exception-predicate' (java.lang.String): must be a class "
                            + "implementing java.util.function.Predicate<java.lang.Throwable>");
        }

        @Test
        void aPredicateOfTheWrongTypeArgument() {
            assertStartFails(BREAKER + "record-result-predicate=" + EmptyStrings.class.getName(),
                    "Invalid '" + BREAKER + "record-result-predicate' (" + EmptyStrings.class.getName()
                            + "): implements Predicate<java.lang.String>, but must implement "
                            + "java.util.function.Predicate<java.lang.Object> (it is called with every result,"
                            + " whatever its type)");
        }

        @Test
        void anExceptionPredicateNarrowerThanThrowable() {
            assertStartFails(BREAKER + "ignore-exception-predicate=" + IoOnly.class.getName(),
                    "Invalid '" + BREAKER + "ignore-exception-predicate' (" + IoOnly.class.getName()
                            + "): implements Predicate<java.io.IOException>, but must implement "
                            + "java.util.function.Predicate<java.lang.Throwable> (it is called with every "
                            + "exception the call throws)");
        }

        @Test
        void aPredicateWithoutANoArgumentConstructorAndNoBean() {
            assertStartFails(RETRY + "result-predicate=" + NeedsArgument.class.getName(),
                    "Invalid '" + RETRY + "result-predicate' (" + NeedsArgument.class.getName()
                            + "): has no constructor without arguments, and the context has no single bean of "
                            + "that type");
        }

        @Test
        void aPredicateWhoseConstructorThrows() {
            runner.withPropertyValues(BREAKER + "record-failure-predicate=" + Exploding.class.getName())
                    .run(context -> assertThat(cause(context).getMessage()).startsWith(
                            "Invalid '" + BREAKER + "record-failure-predicate' (" + Exploding.class.getName()
                                    + "): its constructor threw java.io.UncheckedIOException"));
        }

        @Test
        void aPredicateInAnUnusedConfigIsCheckedToo() {
            assertStartFails("resilience.retry.configs.spare.result-predicate=com.example.Missing",
                    "Invalid 'resilience.retry.configs.spare.result-predicate' (com.example.Missing): no class of "
                            + "that name on the classpath");
        }

        private void assertStartFails(String property, String message) {
            runner.withPropertyValues(property).run(context -> {
                assertThat(context).hasFailed();
                assertThat(cause(context)).hasMessage(message);
                assertThat(cause(context).property()).isEqualTo(property.substring(0, property.indexOf('=')));
            });
        }
    }

    private static void fail(CircuitBreaker breaker, RuntimeException failure) {
        assertThatThrownBy(() -> breaker.executeSupplier(() -> {
            throw failure;
        })).isSameAs(failure);
    }

    private static ResilienceConfigurationException cause(AssertableApplicationContext context) {
        Throwable failure = context.getStartupFailure();
        assertThat(failure).as("start-up failure").isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ResilienceConfigurationException e) {
                return e;
            }
        }
        throw new AssertionError("No ResilienceConfigurationException in " + failure, failure);
    }

    /** Failures whose message carries a 5xx status. */
    public static class ServerErrors implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return String.valueOf(failure.getMessage()).startsWith("5");
        }
    }

    /** Failures whose message carries a 4xx status. */
    public static class ClientErrors implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return String.valueOf(failure.getMessage()).startsWith("4");
        }
    }

    /** Empty strings. */
    public static class EmptyResults implements Predicate<Object> {
        @Override
        public boolean test(Object result) {
            return result instanceof String s && s.isEmpty();
        }
    }

    /** Typed too narrowly for a result predicate. */
    public static class EmptyStrings implements Predicate<String> {
        @Override
        public boolean test(String result) {
            return result.isEmpty();
        }
    }

    /** Typed too narrowly for an exception predicate. */
    public static class IoOnly implements Predicate<IOException> {
        @Override
        public boolean test(IOException failure) {
            return true;
        }
    }

    /** Needs an argument, and there is no bean of it. */
    public static class NeedsArgument implements Predicate<Object> {
        private final String value;

        public NeedsArgument(String value) {
            this.value = value;
        }

        @Override
        public boolean test(Object result) {
            return value.equals(result);
        }
    }

    /** Cannot be created. */
    public static class Exploding implements Predicate<Throwable> {
        public Exploding() {
            throw new UncheckedIOException(new IOException("no config file"));
        }

        @Override
        public boolean test(Throwable failure) {
            return true;
        }
    }

    /** Counts its calls; given as a bean with a constructor argument. */
    public static class CountingPredicate implements Predicate<Throwable> {
        final AtomicInteger calls;

        CountingPredicate(AtomicInteger calls) {
            this.calls = calls;
        }

        @Override
        public boolean test(Throwable failure) {
            calls.incrementAndGet();
            return true;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CountingPredicateBean {
        @Bean
        CountingPredicate countingPredicate() {
            return new CountingPredicate(new AtomicInteger());
        }
    }
}
