package dev.resilience.spring.aop;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The interception mechanism through real Spring proxies, with stand-in pattern instances that trace the
 * order calls pass through them.
 */
class AnnotationInterceptionTests {

    private final TracingInstances instances = new TracingInstances();

    private ApplicationContextRunner runner(TracingInstances tracing) {
        return new ApplicationContextRunner()
                .withBean(ResilienceAnnotationBeanPostProcessor.class,
                        () -> new ResilienceAnnotationBeanPostProcessor(tracing::bind));
    }

    private final ApplicationContextRunner runner = runner(instances);

    @Nested
    class Composition {

        @Test
        void allSixAnnotationsComposeInTheContractOrderOutermostFirst() {
            runner.withBean(Stacked.class).run(context -> {
                assertThat(context.getBean(Stacked.class).call()).isEqualTo("ok");
                assertThat(instances.trace).containsExactly("retry:r", "circuit-breaker:cb", "rate-limiter:rl",
                        "timeout:t", "bulkhead:b");
            });
        }

        @Test
        void theConfiguredOrderReplacesTheDefault() {
            TracingInstances reordered = new TracingInstances(
                    List.of("bulkhead", "timeout", "rate-limiter", "circuit-breaker", "retry", "fallback"));
            runner(reordered).withBean(Stacked.class).run(context -> {
                context.getBean(Stacked.class).call();
                assertThat(reordered.trace).startsWith("bulkhead:b", "timeout:t", "rate-limiter:rl",
                        "circuit-breaker:cb", "retry:r");
            });
        }

        @Test
        void eachRetryAttemptReachesTheMethodAgainAndTheFallbackSeesOnlyTheFinalOutcome() {
            runner.withBean(Flaky.class).run(context -> {
                Flaky flaky = context.getBean(Flaky.class);
                assertThat(flaky.failTwice()).isEqualTo("third time");
                assertThat(flaky.calls()).isEqualTo(3);
                assertThat(flaky.alwaysFails()).isEqualTo("fallback after IllegalStateException");
                assertThat(flaky.calls()).isEqualTo(6);
            });
        }

        @Test
        void sameNameOnTwoMethodsIsTheSameInstance() {
            runner.withBean(Stacked.class).run(context -> {
                Stacked stacked = context.getBean(Stacked.class);
                stacked.call();
                stacked.sameBreaker();
                assertThat(instances.trace).filteredOn(s -> s.equals("circuit-breaker:cb")).hasSize(2);
                assertThat(instances.created.keySet()).filteredOn(k -> k.startsWith("circuit-breaker")).hasSize(1);
            });
        }
    }

    @Nested
    class ClassLevel {

        @Test
        void classLevelAppliesToPublicMethodsAndMethodLevelWins() {
            runner.withBean(ClassAnnotated.class).run(context -> {
                ClassAnnotated bean = context.getBean(ClassAnnotated.class);
                bean.inherits();
                assertThat(instances.trace).containsExactly("circuit-breaker:class");
                instances.trace.clear();
                bean.overrides();
                assertThat(instances.trace).containsExactly("circuit-breaker:method");
                instances.trace.clear();
                assertThat(bean.toString()).isEqualTo("plain");
                assertThat(instances.trace).isEmpty();
            });
        }
    }

    @Nested
    class Fallbacks {

        private final ApplicationContextRunner fallbackRunner =
                runner.withBean("backup", FallbackBeans.Backup.class).withBean(FallbackBeans.Service.class);

        @Test
        void theMostSpecificExceptionParameterWins() {
            fallbackRunner.run(context -> {
                FallbackBeans.Service service = context.getBean(FallbackBeans.Service.class);
                assertThat(service.specific(new IllegalArgumentException("x"))).isEqualTo("illegal-argument:x");
                assertThat(service.specific(new IllegalStateException("y"))).isEqualTo("runtime:y");
                assertThat(service.specific(new UnsupportedOperationException("z"))).isEqualTo("runtime:z");
            });
        }

        @Test
        void chainedFallbacksAreTriedInOrder() {
            fallbackRunner.run(context -> {
                assertThat(context.getBean(FallbackBeans.Service.class).chained("in")).isEqualTo("second:in");
            });
        }

        @Test
        void whenEveryFallbackFailsTheOriginalIsThrownWithTheirFailuresSuppressed() {
            fallbackRunner.run(context -> {
                assertThatThrownBy(() -> context.getBean(FallbackBeans.Service.class).allFail())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("original")
                        .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                                .containsExactly("first failed", "second failed"));
            });
        }

        @Test
        void applyOnAndIgnoreSelectTheFailuresThatTriggerIt() {
            fallbackRunner.run(context -> {
                FallbackBeans.Service service = context.getBean(FallbackBeans.Service.class);
                assertThat(service.selective(new IOException("io"))).isEqualTo("recovered");
                assertThatThrownBy(() -> service.selective(new java.io.FileNotFoundException("ignored")))
                        .isInstanceOf(java.io.FileNotFoundException.class);
                assertThatThrownBy(() -> service.selective(new IllegalStateException("not applied")))
                        .isInstanceOf(IllegalStateException.class);
            });
        }

        @Test
        void checkedExceptionsReachTheCallerUnchanged() {
            fallbackRunner.run(context -> {
                assertThatThrownBy(() -> context.getBean(FallbackBeans.Service.class).checked())
                        .isExactlyInstanceOf(IOException.class).hasMessage("checked");
            });
        }

        @Test
        void aFallbackOnAnotherBean() {
            fallbackRunner.run(context -> {
                assertThat(context.getBean(FallbackBeans.Service.class).otherBean("q")).isEqualTo("backup:q:boom");
            });
        }

        @Test
        void aPrivateFallbackMethodOfTheSameBean() {
            fallbackRunner.run(context -> {
                assertThat(context.getBean(FallbackBeans.Service.class).privateFallback()).isEqualTo("private");
            });
        }
    }

    @Nested
    class AsyncReturnTypes {

        @Test
        void completableFutureRunsThroughTheAsyncPipelineAndFallsBackWithAValue() throws Exception {
            runner.withBean(Async.class).run(context -> {
                Async async = context.getBean(Async.class);
                CompletableFuture<String> future = async.future(true);
                assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo("fallback:boom");
                assertThat(async.calls()).isEqualTo(3);
                assertThat(instances.trace).containsExactly("retry:async", "circuit-breaker:async",
                        "retry:async", "circuit-breaker:async", "retry:async", "circuit-breaker:async");
            });
        }

        @Test
        void aCompletionStageFallbackMayReturnAStage() throws Exception {
            runner.withBean(Async.class).run(context -> {
                CompletionStage<String> stage = context.getBean(Async.class).stage();
                assertThat(stage.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("stage fallback");
            });
        }

        @Test
        void monoIsLazyAndEachSubscriptionRetriesByResubscribing() {
            runner.withBean(Async.class).run(context -> {
                Async async = context.getBean(Async.class);
                Mono<String> mono = async.mono();
                assertThat(async.calls()).isEqualTo(0);
                StepVerifier.create(mono).expectNext("mono on attempt 3").verifyComplete();
                assertThat(async.calls()).isEqualTo(3);
            });
        }

        @Test
        void fluxStreamsElementsAndFallsBack() {
            runner.withBean(Async.class).run(context -> {
                Async async = context.getBean(Async.class);
                StepVerifier.create(async.flux(false)).expectNext("a", "b", "c").verifyComplete();
                StepVerifier.create(async.flux(true)).expectNext("x", "fallback").verifyComplete();
            });
        }

        @Test
        void withoutReactorOnTheClasspathNoReactorClassIsNeeded() {
            runner.withClassLoader(new FilteredClassLoader("reactor.")).withBean(Flaky.class).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(Flaky.class).failTwice()).isEqualTo("third time");
            });
        }
    }

    @Nested
    class Keys {

        @Test
        void aKeyNamingAParameterReadsTheArgument() {
            runner.withBean(Keyed.class).run(context -> {
                Keyed keyed = context.getBean(Keyed.class);
                keyed.byName("alice", 1);
                keyed.byIndex("bob", 2);
                keyed.byExpression(new Keyed.Request("acme"));
                keyed.byName(null, 3);
                assertThat(instances.keys).containsExactly("alice", 2, "acme", KeyExpression.NULL_KEY);
            });
        }
    }

    @Nested
    class Proxies {

        @Test
        void classBasedProxiesByDefault() {
            runner.withBean(Stacked.class).run(context ->
                    assertThat(AopUtils.isCglibProxy(context.getBean(Stacked.class))).isTrue());
        }

        @Test
        void interfaceProxiesWhenSpringAopSaysSo() {
            runner.withPropertyValues("spring.aop.proxy-target-class=false").withBean(Greeter.class, GreeterImpl::new)
                    .run(context -> {
                        Greeter greeter = context.getBean(Greeter.class);
                        assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
                        assertThat(greeter.greet("ann")).isEqualTo("hello ann");
                        assertThat(instances.trace).containsExactly("circuit-breaker:greeter");
                    });
        }

        @Test
        void anInterfaceProxyCannotInterceptAMethodNoInterfaceDeclares() {
            runner.withPropertyValues("spring.aop.proxy-target-class=false")
                    .withBean(Greeter.class, BadGreeterImpl::new)
                    .run(context -> assertThat(context).getFailure().rootCause()
                            .hasMessageContaining(BadGreeterImpl.class.getName() + "#extra()")
                            .hasMessageContaining("no interface of the bean declares"));
        }
    }

    // ------------------------------------------------------------------------------------------ test beans

    static class Stacked {
        @Fallback(method = "recover")
        @Retry(name = "r")
        @CircuitBreaker(name = "cb")
        @RateLimit(name = "rl")
        @Timeout(name = "t")
        @Bulkhead(name = "b")
        public String call() {
            return "ok";
        }

        @CircuitBreaker(name = "cb")
        public String sameBreaker() {
            return "ok";
        }

        String recover(Throwable failure) {
            return "recovered";
        }
    }

    public static class Flaky {
        final AtomicInteger calls = new AtomicInteger();

        public int calls() {
            return calls.get();
        }

        @Retry(name = "flaky")
        public String failTwice() {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return "third time";
        }

        @Fallback(method = "fallback")
        @Retry(name = "flaky")
        public String alwaysFails() {
            calls.incrementAndGet();
            throw new IllegalStateException("always");
        }

        public String fallback(Exception e) {
            return "fallback after " + e.getClass().getSimpleName();
        }
    }

    @CircuitBreaker(name = "class")
    static class ClassAnnotated {
        public void inherits() {
        }

        @CircuitBreaker(name = "method")
        public void overrides() {
        }

        @Override
        public String toString() {
            return "plain";
        }
    }

    interface Greeter {
        String greet(String name);
    }

    static class GreeterImpl implements Greeter {
        @Override
        @CircuitBreaker(name = "greeter")
        public String greet(String name) {
            return "hello " + name;
        }
    }

    static class BadGreeterImpl implements Greeter {
        @Override
        public String greet(String name) {
            return "hello " + name;
        }

        @CircuitBreaker(name = "greeter")
        public void extra() {
        }
    }

    static class Keyed {
        @RateLimit(name = "k", key = "#user")
        public void byName(String user, int n) {
        }

        @RateLimit(name = "k", key = "#p1")
        public void byIndex(String user, int n) {
        }

        @RateLimit(name = "k", key = "#request.tenant")
        public void byExpression(Request request) {
        }

        record Request(String tenant) {
        }
    }

    static class FallbackBeans {
        static class Service {
            @Fallback(method = "onFailure")
            public String specific(RuntimeException toThrow) {
                throw toThrow;
            }

            String onFailure(RuntimeException toThrow, IllegalArgumentException e) {
                return "illegal-argument:" + e.getMessage();
            }

            String onFailure(RuntimeException toThrow, RuntimeException e) {
                return "runtime:" + e.getMessage();
            }

            @Fallback(method = {"first", "second"})
            public String chained(String input) {
                throw new IllegalStateException("original");
            }

            String first(String input) {
                throw new IllegalStateException("first failed");
            }

            String second(String input, Exception e) {
                return "second:" + input;
            }

            @Fallback(method = {"firstFails", "secondFails"})
            public String allFail() {
                throw new IllegalStateException("original");
            }

            String firstFails() {
                throw new IllegalStateException("first failed");
            }

            String secondFails(Throwable t) {
                throw new IllegalStateException("second failed");
            }

            @Fallback(method = "recovered", applyOn = IOException.class, ignore = java.io.FileNotFoundException.class)
            public String selective(Exception toThrow) throws Exception {
                throw toThrow;
            }

            String recovered(Exception toThrow) {
                return "recovered";
            }

            @Fallback(method = "onlyRuntime")
            public String checked() throws IOException {
                throw new IOException("checked");
            }

            String onlyRuntime(RuntimeException e) {
                return "not for checked exceptions";
            }

            @Fallback(method = "backup::serve")
            public String otherBean(String query) {
                throw new IllegalStateException("boom");
            }

            @Fallback(method = "hidden")
            public String privateFallback() {
                throw new IllegalStateException("boom");
            }

            private String hidden() {
                return "private";
            }
        }

        static class Backup {
            public String serve(String query, Exception e) {
                return "backup:" + query + ":" + e.getMessage();
            }
        }
    }

    static class Async {
        final AtomicInteger calls = new AtomicInteger();

        public int calls() {
            return calls.get();
        }

        @Fallback(method = "futureFallback")
        @Retry(name = "async")
        @CircuitBreaker(name = "async")
        public CompletableFuture<String> future(boolean fail) {
            calls.incrementAndGet();
            return fail ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
                    : CompletableFuture.completedFuture("ok");
        }

        String futureFallback(boolean fail, Exception e) {
            return "fallback:" + e.getMessage();
        }

        @Fallback(method = "stageFallback")
        public CompletionStage<String> stage() {
            throw new IllegalStateException("thrown before any stage exists");
        }

        CompletionStage<String> stageFallback() {
            return CompletableFuture.completedFuture("stage fallback");
        }

        @Retry(name = "mono")
        public Mono<String> mono() {
            return Mono.fromCallable(() -> {
                int attempt = calls.incrementAndGet();
                if (attempt < 3) {
                    throw new IllegalStateException("attempt " + attempt);
                }
                return "mono on attempt " + attempt;
            });
        }

        @Fallback(method = "fluxFallback")
        public Flux<String> flux(boolean fail) {
            return fail ? Flux.concat(Flux.just("x"), Flux.error(new IllegalStateException("mid-stream")))
                    : Flux.just("a", "b", "c");
        }

        Flux<String> fluxFallback(boolean fail) {
            return Flux.just("fallback");
        }
    }
}
