package dev.resilience.spring.boot.hardening;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap that one annotated method costs once the context has started: its plan, its prebuilt pipeline, its
 * bean's proxy and interceptor, measured against the same beans without annotations. Every bean uses the same
 * instance names, so the pattern instances themselves are shared and not counted.
 */
class AnnotatedMethodFootprintTests {

    private static final int BEANS = 300;

    @Test
    void heapPerAnnotatedMethod() {
        long plain = retainedBy(Plain.class);
        long annotated = retainedBy(Annotated.class);
        long perMethod = (annotated - plain) / BEANS;
        System.out.printf("heap per annotated method (six annotations stacked, proxy included): %,d B%n", perMethod);
        assertThat(perMethod).isBetween(1L, 32_768L);
    }

    private long retainedBy(Class<?> type) {
        long[] used = new long[1];
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                        ResilienceAnnotationsAutoConfiguration.class, AopAutoConfiguration.class))
                .withInitializer(context -> {
                    for (int i = 0; i < BEANS; i++) {
                        ((GenericApplicationContext) context).registerBean("bean" + i, type);
                    }
                });
        long before = usedAfterGc();
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            // Call each once, so that whatever is built lazily on the first call is there too.
            for (int i = 0; i < BEANS; i++) {
                Object bean = context.getBean("bean" + i);
                if (bean instanceof Plain p) {
                    p.call("x").join();
                } else {
                    ((Annotated) bean).call("x").join();
                }
            }
            used[0] = usedAfterGc() - before;
        });
        return used[0];
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static class Plain {
        public CompletableFuture<String> call(String user) {
            return CompletableFuture.completedFuture(user);
        }
    }

    static class Annotated {
        @Fallback(method = "recover")
        @Retry(name = "footprint")
        @CircuitBreaker(name = "footprint")
        @RateLimit(name = "footprint", key = "#user")
        @Timeout(name = "footprint")
        @Bulkhead(name = "footprint")
        public CompletableFuture<String> call(String user) {
            return CompletableFuture.completedFuture(user);
        }

        public CompletableFuture<String> recover(String user, Throwable failure) {
            return CompletableFuture.completedFuture("fallback");
        }
    }
}
