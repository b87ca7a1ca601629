package dev.resilience.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.function.Function;

import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.customizer.TimeoutConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.internal.ContextPropagation;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutRegistry;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's context follows calls into thread-pool bulkheads, timeout workers and scheduled retries when
 * Micrometer's context-propagation library is present; nothing changes when it is not.
 */
class ContextPropagationTests {

    private static final String KEY = "dev.resilience.test.request-id";

    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class));

    @BeforeEach
    void registerAccessor() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new RequestIdAccessor());
    }

    @AfterEach
    void removeAccessor() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
        REQUEST_ID.remove();
    }

    @Test
    void threadPoolBulkheadRunsTheCallInTheCallersContext() {
        runner.run(context -> {
            ThreadPoolBulkhead bulkhead = context.getBean(ThreadPoolBulkheadRegistry.class).get("pool");
            REQUEST_ID.set("request-1");
            String seen = bulkhead.submitSupplier(() -> Thread.currentThread().getName() + " " + REQUEST_ID.get())
                    .toCompletableFuture().get();
            assertThat(seen).startsWith("resilience-bulkhead-pool-").endsWith(" request-1");
        });
    }

    @Test
    void timeoutWorkerRunsInTheCallersContext() {
        runner.withPropertyValues("resilience.timeout.instances.slow.mode=worker").run(context -> {
            Timeout timeout = context.getBean(TimeoutRegistry.class).get("slow");
            REQUEST_ID.set("request-2");
            String[] seen = new String[2];
            timeout.executeSupplier(() -> {
                seen[0] = Thread.currentThread().getName();
                seen[1] = REQUEST_ID.get();
                return null;
            });
            assertThat(seen[0]).isNotEqualTo(Thread.currentThread().getName());
            assertThat(seen[1]).isEqualTo("request-2");
        });
    }

    @Test
    void aUserTaskDecoratorStillRunsInsideTheRestoredContext() {
        runner.withUserConfiguration(UserDecorator.class)
                .withPropertyValues("resilience.timeout.instances.decorated.mode=worker").run(context -> {
            Timeout timeout = context.getBean(TimeoutRegistry.class).get("decorated");
            REQUEST_ID.set("request-3");
            UserDecorator.seen = null;
            timeout.executeSupplier(() -> null);
            assertThat(UserDecorator.seen).isEqualTo("request-3");
        });
    }

    @Test
    void retrySchedulerCarriesTheCallersContext() {
        runner.withPropertyValues("resilience.retry.instances.async.wait-duration=10ms").run(context -> {
            RetryRegistry registry = context.getBean(RetryRegistry.class);
            assertThat(registry.get("async").config().scheduler().toString()).startsWith("ContextRestoring[");
            assertThat(registry.get("other").config().scheduler().toString()).startsWith("ContextRestoring[");
            REQUEST_ID.set("request-4");
            String[] seen = new String[1];
            registry.get("async").config().scheduler().schedule(() -> seen[0] = REQUEST_ID.get(), 1,
                    java.util.concurrent.TimeUnit.MILLISECONDS).get();
            assertThat(seen[0]).isEqualTo("request-4");
        });
    }

    @Test
    void withoutTheLibraryNothingIsDecorated() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.context")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ContextPropagation.class);
            assertThat(context.getBean(TimeoutRegistry.class).get("slow").config().taskDecorator())
                    .isSameAs(Function.identity());
            assertThat(context.getBean(ThreadPoolBulkheadRegistry.class).get("pool").config().taskDecorator())
                    .isSameAs(Function.identity());
            assertThat(context.getBean(RetryRegistry.class).get("any").config().scheduler().getClass().getName())
                    .doesNotStartWith("io.micrometer");
        });
    }

    @Test
    void decoratingIsIdempotentAlongInheritance() {
        runner.withPropertyValues("resilience.timeout.configs.shared.timeout-duration=2s",
                "resilience.timeout.instances.x.base-config=shared").run(context -> {
                    TimeoutRegistry registry = context.getBean(TimeoutRegistry.class);
                    Function<Runnable, Runnable> shared = registry.config("shared").orElseThrow().taskDecorator();
                    assertThat(registry.get("x").config().taskDecorator()).isSameAs(shared);
                    assertThat(registry.get("x").config().timeoutDuration()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserDecorator {

        static volatile String seen;

        @Bean
        TimeoutConfigCustomizer decorator() {
            return TimeoutConfigCustomizer.of("decorated", builder -> builder.taskDecorator(task -> () -> {
                seen = REQUEST_ID.get();
                task.run();
            }));
        }
    }

    static final class RequestIdAccessor implements ThreadLocalAccessor<String> {

        @Override
        public Object key() {
            return KEY;
        }

        @Override
        public String getValue() {
            return REQUEST_ID.get();
        }

        @Override
        public void setValue(String value) {
            REQUEST_ID.set(value);
        }

        @Override
        public void setValue() {
            REQUEST_ID.remove();
        }
    }
}
