package dev.resilience.spring.boot.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.core.Policy;
import dev.resilience.spring.aop.PatternInstances.Layer;
import dev.resilience.spring.aop.PipelineDecorator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook through which the Observation API support adds its layers: each annotated method's layers reach
 * every {@link PipelineDecorator} bean once, with their pattern keys and instance names; without such a bean
 * the layers are composed exactly as planned.
 */
class PipelineDecoratorTests {

    @Test
    void withoutDecoratorsTheLayersAreComposedUnchanged() {
        RegistryPatternInstances instances = new RegistryPatternInstances(new DefaultListableBeanFactory());
        List<Layer> layers = List.of(new Layer("retry", "r", noop()));
        assertThat(instances.decorate("Service#method", layers)).isSameAs(layers);
    }

    @Test
    void decoratorsSeeEveryLayerWithItsPatternKeyAndName() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                        ResilienceAnnotationsAutoConfiguration.class))
                .withUserConfiguration(Config.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Map<String, List<String>> seen = (Map<String, List<String>>) context.getBean("seen");
                    assertThat(seen).containsOnlyKeys("Stacked#everything", "Stacked#semaphore");
                    assertThat(seen.get("Stacked#everything")).containsExactly("fallback:Stacked#everything",
                            "retry:r", "circuit-breaker:cb", "rate-limiter:rl", "timeout:t",
                            "thread-pool-bulkhead:pool");
                    assertThat(seen.get("Stacked#semaphore")).containsExactly("bulkhead:bh");
                });
    }

    private static Policy noop() {
        return dev.resilience.core.Pipeline.of();
    }

    /** Annotated methods. */
    public static class Stacked {

        @Fallback(method = "fallback")
        @Retry(name = "r")
        @CircuitBreaker(name = "cb")
        @RateLimit(name = "rl", key = "#p0")
        @Timeout(name = "t")
        @Bulkhead(name = "pool", type = Bulkhead.Type.THREAD_POOL)
        public CompletableFuture<String> everything(String user) {
            return CompletableFuture.completedFuture(user);
        }

        String fallback(String user) {
            return "fallback";
        }

        @Bulkhead(name = "bh")
        public String semaphore() {
            return "ok";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {

        @Bean
        Stacked stacked() {
            return new Stacked();
        }

        @Bean
        Map<String, List<String>> seen() {
            return new java.util.concurrent.ConcurrentHashMap<>();
        }

        @Bean
        PipelineDecorator recordingDecorator(Map<String, List<String>> seen) {
            return (method, layers) -> {
                List<String> described = new CopyOnWriteArrayList<>();
                layers.forEach(layer -> described.add(layer.pattern() + ":" + layer.name()));
                seen.put(method, described);
                return layers;
            };
        }
    }
}
