package dev.resilience.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import org.aopalliance.intercept.MethodInterceptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The per-call cost of an annotated Spring bean method: what the starter adds on top of a plain proxied call.
 * A minimal Spring Boot context (no web server) is started once per trial with the starter's two
 * auto-configurations and one bean per case, each with one method returning a constant:
 *
 * <ul>
 *   <li>{@code plain_direct}: the method called on the object itself, no proxy (the floor of floors);
 *   <li>{@code plain_proxy}: the same object behind a CGLIB proxy whose only advice is a
 *       {@code MethodInterceptor} that calls {@code proceed()} — the proxy floor every annotation pays;
 *   <li>{@code circuitBreaker}, {@code retry}, {@code bulkhead}, {@code rateLimit} (limit of 10^9 per second,
 *       never rejects), {@code fallback}: one annotation each, default configuration otherwise;
 *   <li>{@code timeout}: a synchronous {@code @Timeout} in the default {@code mode: caller} (the call runs on
 *       the calling thread; the shared interrupt timer's per-thread entry is armed and disarmed);
 *       {@code timeoutWorker}: the same in {@code mode: worker}, which hands the call to a worker thread and
 *       waits for it, so it measures a thread hand-off;
 *   <li>{@code stackedWithoutTimeout}: {@code @Fallback @Retry @CircuitBreaker @RateLimit @Bulkhead};
 *       {@code stackedAllSix}: the same plus {@code @Timeout} (caller mode); {@code stackedFour}:
 *       {@code @Retry @CircuitBreaker @RateLimit @Bulkhead}.
 * </ul>
 *
 * <p>Side by side, {@code r4j_*}: resilience4j 2.4.0's annotations through its {@code resilience4j-spring-boot3}
 * starter (AspectJ {@code @Around} aspects), in a context of their own ({@link Resilience4j}) with its
 * auto-configurations. That starter refuses to start under Spring Boot 4 through a version check
 * ({@code SpringBoot3VerifierAutoConfiguration}, which says to use a {@code resilience4j-spring-boot4} that
 * 2.4.0 does not have); without that one auto-configuration its aspects work under Boot 4.1.
 * {@code stackedFour} and {@code r4j_stackedFour} compare the same four annotations (retry, circuit breaker,
 * rate limiter, bulkhead).
 *
 * <p>Run with the GC profiler for allocation per call: {@code java -jar resilience-benchmarks/target/benchmarks.jar
 * AnnotationBenchmark -prof gc} ({@code gc.alloc.rate.norm} is bytes per operation).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class AnnotationBenchmark {

    private ConfigurableApplicationContext context;

    private Plain direct;
    private Plain proxied;
    private BreakerBean breaker;
    private RetryBean retry;
    private BulkheadBean bulkhead;
    private RateLimitBean rateLimit;
    private TimeoutBean timeout;
    private TimeoutWorkerBean timeoutWorker;
    private FallbackBean fallback;
    private StackedWithoutTimeout stackedWithoutTimeout;
    private StackedAllSix stackedAllSix;
    private StackedFour stackedFour;

    @Setup(Level.Trial)
    public void start() {
        context = new SpringApplicationBuilder(Beans.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties(Map.of(
                        "spring.main.banner-mode", "off",
                        "logging.level.root", "warn",
                        "resilience.rate-limiter.configs.default.limit-for-period", "1000000000",
                        "resilience.rate-limiter.configs.default.limit-refresh-period", "1s",
                        "resilience.timeout.instances.worker.mode", "worker"))
                .run();
        direct = new Plain();
        ProxyFactory factory = new ProxyFactory(new Plain());
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) invocation -> invocation.proceed());
        proxied = (Plain) factory.getProxy();
        breaker = bean(BreakerBean.class);
        retry = bean(RetryBean.class);
        bulkhead = bean(BulkheadBean.class);
        rateLimit = bean(RateLimitBean.class);
        timeout = bean(TimeoutBean.class);
        timeoutWorker = bean(TimeoutWorkerBean.class);
        fallback = bean(FallbackBean.class);
        stackedWithoutTimeout = bean(StackedWithoutTimeout.class);
        stackedAllSix = bean(StackedAllSix.class);
        stackedFour = bean(StackedFour.class);
        // Guard against measuring nothing: every annotated bean must be a proxy, and every path must answer.
        for (Object bean : new Object[] {breaker, retry, bulkhead, rateLimit, timeout, timeoutWorker, fallback,
                stackedWithoutTimeout, stackedAllSix, stackedFour, proxied}) {
            if (!AopUtils.isCglibProxy(bean)) {
                throw new IllegalStateException(bean.getClass() + " is not proxied");
            }
        }
        if (!"ok".equals(stackedAllSix.call()) || !"ok".equals(timeout.call())
                || timeoutWorker.call().equals(Thread.currentThread().getName())) {
            throw new IllegalStateException("unexpected result");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        context.close();
    }

    private <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Benchmark
    public String plain_direct() {
        return direct.call();
    }

    @Benchmark
    public String plain_proxy() {
        return proxied.call();
    }

    @Benchmark
    public String circuitBreaker() {
        return breaker.call();
    }

    @Benchmark
    public String retry() {
        return retry.call();
    }

    @Benchmark
    public String bulkhead() {
        return bulkhead.call();
    }

    @Benchmark
    public String rateLimit() {
        return rateLimit.call();
    }

    @Benchmark
    public String fallback() {
        return fallback.call();
    }

    @Benchmark
    public String timeout() {
        return timeout.call();
    }

    @Benchmark
    public String timeoutWorker() {
        return timeoutWorker.call();
    }

    @Benchmark
    public String stackedWithoutTimeout() {
        return stackedWithoutTimeout.call();
    }

    @Benchmark
    public String stackedAllSix() {
        return stackedAllSix.call();
    }

    @Benchmark
    public String stackedFour() {
        return stackedFour.call();
    }

    @Benchmark
    public String r4j_circuitBreaker(Resilience4j r4j) {
        return r4j.breaker.call();
    }

    @Benchmark
    public String r4j_retry(Resilience4j r4j) {
        return r4j.retry.call();
    }

    @Benchmark
    public String r4j_bulkhead(Resilience4j r4j) {
        return r4j.bulkhead.call();
    }

    @Benchmark
    public String r4j_rateLimiter(Resilience4j r4j) {
        return r4j.rateLimiter.call();
    }

    @Benchmark
    public String r4j_stackedFour(Resilience4j r4j) {
        return r4j.stacked.call();
    }

    /**
     * resilience4j's annotation path in its own context, started once per trial, only for the {@code r4j_*}
     * benchmarks (so that a resilience4j start-up problem cannot affect ours).
     */
    @State(Scope.Benchmark)
    public static class Resilience4j {

        private ConfigurableApplicationContext context;
        R4jBreaker breaker;
        R4jRetry retry;
        R4jBulkhead bulkhead;
        R4jRateLimiter rateLimiter;
        R4jStacked stacked;

        @Setup(Level.Trial)
        public void start() {
            context = new SpringApplicationBuilder(R4jBeans.class)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .properties(Map.of(
                            "spring.main.banner-mode", "off",
                            "logging.level.root", "warn",
                            "resilience4j.ratelimiter.configs.default.limit-for-period", "1000000000",
                            "resilience4j.ratelimiter.configs.default.limit-refresh-period", "1s",
                            "resilience4j.ratelimiter.configs.default.timeout-duration", "0"))
                    .run();
            breaker = context.getBean(R4jBreaker.class);
            retry = context.getBean(R4jRetry.class);
            bulkhead = context.getBean(R4jBulkhead.class);
            rateLimiter = context.getBean(R4jRateLimiter.class);
            stacked = context.getBean(R4jStacked.class);
            // Guard against measuring a bare proxy: the call must reach resilience4j's breaker.
            stacked.call();
            long recorded = context.getBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class)
                    .circuitBreaker("stacked").getMetrics().getNumberOfSuccessfulCalls();
            if (recorded != 1) {
                throw new IllegalStateException("resilience4j's aspects did not run: " + recorded + " calls recorded");
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            context.close();
        }
    }

    /**
     * resilience4j's context: Spring's AspectJ auto-proxying and resilience4j's auto-configuration of the four
     * patterns (not its Boot 3 version check, which refuses Boot 4, and not ours).
     */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({AopAutoConfiguration.class,
            io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration.class,
            io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration.class,
            io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadAutoConfiguration.class,
            io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration.class})
    public static class R4jBeans {

        @Bean
        R4jBreaker r4jBreaker() {
            return new R4jBreaker();
        }

        @Bean
        R4jRetry r4jRetry() {
            return new R4jRetry();
        }

        @Bean
        R4jBulkhead r4jBulkhead() {
            return new R4jBulkhead();
        }

        @Bean
        R4jRateLimiter r4jRateLimiter() {
            return new R4jRateLimiter();
        }

        @Bean
        R4jStacked r4jStacked() {
            return new R4jStacked();
        }
    }

    public static class R4jBreaker {
        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "bench")
        public String call() {
            return "ok";
        }
    }

    public static class R4jRetry {
        @io.github.resilience4j.retry.annotation.Retry(name = "bench")
        public String call() {
            return "ok";
        }
    }

    public static class R4jBulkhead {
        @io.github.resilience4j.bulkhead.annotation.Bulkhead(name = "bench")
        public String call() {
            return "ok";
        }
    }

    public static class R4jRateLimiter {
        @io.github.resilience4j.ratelimiter.annotation.RateLimiter(name = "bench")
        public String call() {
            return "ok";
        }
    }

    public static class R4jStacked {
        @io.github.resilience4j.retry.annotation.Retry(name = "stacked")
        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "stacked")
        @io.github.resilience4j.ratelimiter.annotation.RateLimiter(name = "stacked")
        @io.github.resilience4j.bulkhead.annotation.Bulkhead(name = "stacked")
        public String call() {
            return "ok";
        }
    }

    /** The context: the starter's auto-configurations (no component scanning, no other auto-configuration). */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ResilienceAutoConfiguration.class, ResilienceAnnotationsAutoConfiguration.class})
    public static class Beans {

        @Bean
        BreakerBean breakerBean() {
            return new BreakerBean();
        }

        @Bean
        RetryBean retryBean() {
            return new RetryBean();
        }

        @Bean
        BulkheadBean bulkheadBean() {
            return new BulkheadBean();
        }

        @Bean
        RateLimitBean rateLimitBean() {
            return new RateLimitBean();
        }

        @Bean
        TimeoutBean timeoutBean() {
            return new TimeoutBean();
        }

        @Bean
        TimeoutWorkerBean timeoutWorkerBean() {
            return new TimeoutWorkerBean();
        }

        @Bean
        FallbackBean fallbackBean() {
            return new FallbackBean();
        }

        @Bean
        StackedWithoutTimeout stackedWithoutTimeout() {
            return new StackedWithoutTimeout();
        }

        @Bean
        StackedAllSix stackedAllSix() {
            return new StackedAllSix();
        }

        @Bean
        StackedFour stackedFour() {
            return new StackedFour();
        }
    }

    /** No annotation. */
    public static class Plain {
        public String call() {
            return "ok";
        }
    }

    public static class BreakerBean {
        @CircuitBreaker(name = "bench")
        public String call() {
            return "ok";
        }
    }

    public static class RetryBean {
        @Retry(name = "bench")
        public String call() {
            return "ok";
        }
    }

    public static class BulkheadBean {
        @Bulkhead(name = "bench")
        public String call() {
            return "ok";
        }
    }

    public static class RateLimitBean {
        @RateLimit(name = "bench")
        public String call() {
            return "ok";
        }
    }

    public static class TimeoutBean {
        @Timeout(name = "bench")
        public String call() {
            return "ok";
        }
    }

    /** {@code resilience.timeout.instances.worker.mode: worker}: answers with the thread it ran on. */
    public static class TimeoutWorkerBean {
        @Timeout(name = "worker")
        public String call() {
            return Thread.currentThread().getName();
        }
    }

    public static class FallbackBean {
        @Fallback(method = "recover")
        public String call() {
            return "ok";
        }

        String recover(Throwable failure) {
            return "recovered";
        }
    }

    public static class StackedWithoutTimeout {
        @Fallback(method = "recover")
        @Retry(name = "stacked")
        @CircuitBreaker(name = "stacked")
        @RateLimit(name = "stacked")
        @Bulkhead(name = "stacked")
        public String call() {
            return "ok";
        }

        String recover(Throwable failure) {
            return "recovered";
        }
    }

    /** The four annotations that {@code r4j_stackedFour} stacks. */
    public static class StackedFour {
        @Retry(name = "four")
        @CircuitBreaker(name = "four")
        @RateLimit(name = "four")
        @Bulkhead(name = "four")
        public String call() {
            return "ok";
        }
    }

    public static class StackedAllSix {
        @Fallback(method = "recover")
        @Retry(name = "stacked6")
        @CircuitBreaker(name = "stacked6")
        @RateLimit(name = "stacked6")
        @Timeout(name = "stacked6")
        @Bulkhead(name = "stacked6")
        public String call() {
            return "ok";
        }

        String recover(Throwable failure) {
            return "recovered";
        }
    }
}
