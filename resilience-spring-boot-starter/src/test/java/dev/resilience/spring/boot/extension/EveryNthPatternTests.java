package dev.resilience.spring.boot.extension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.Retry;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.spring.boot.autoconfigure.AspectOrder;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationRefresher;
import dev.resilience.spring.boot.autoconfigure.ResilienceListenersAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResiliencePropertiesCheckAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Proof that a pattern can be added from outside the starter's main sources, through its public extension
 * points only: the every-nth gate of this package (annotation, config, settings, gate, listener, registry,
 * descriptor, and two beans) works on an annotated bean method in the composed order, binds and validates
 * {@code resilience.every-nth}, is covered by the strict unknown-key check, takes part in
 * {@code resilience.aspect-order}, and its events reach the event consumer beans.
 */
class EveryNthPatternTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceAnnotationsAutoConfiguration.class, ResilienceListenersAutoConfiguration.class,
                    ResiliencePropertiesCheckAutoConfiguration.class))
            .withUserConfiguration(Application.class)
            .withPropertyValues("resilience.every-nth.instances.x.n=3",
                    "resilience.retry.instances.r.max-attempts=2", "resilience.retry.instances.r.wait-duration=0ms");

    @Test
    void theAnnotationGatesTheMethodAndEveryThirdCallIsRejected() {
        runner.run(context -> {
            Service service = context.getBean(Service.class);
            assertThat(service.plain()).isEqualTo("plain");
            assertThat(service.plain()).isEqualTo("plain");
            assertThatExceptionOfType(EveryNthRejectedException.class).isThrownBy(service::plain)
                    .satisfies(e -> assertThat(e.name()).isEqualTo("x"));
            assertThat(service.plain()).isEqualTo("plain");
            assertThat(service.plainCalls()).isEqualTo(3);
            assertThat(context.getBean(EveryNthRegistry.class).get("x").calls()).isEqualTo(4);
        });
    }

    @Test
    void itComposesAtItsDefaultPlaceBetweenTheRateLimiterAndTheTimeout() {
        runner.withPropertyValues("resilience.every-nth.instances.fb.n=3").run(context -> {
            assertThat(context.getBean(AspectOrder.class).keys()).containsExactly("fallback", "retry",
                    "circuit-breaker", "rate-limiter", "every-nth", "timeout", "bulkhead");
            Service service = context.getBean(Service.class);
            service.retried();
            service.retried();
            // The retry is outside the gate: the rejected third call is retried, and the retry passes the gate.
            assertThat(service.retried()).isEqualTo("retried");
            assertThat(service.retriedCalls()).isEqualTo(3);
            assertThat(context.getBean(EveryNthRegistry.class).get("x").calls()).isEqualTo(4);
            // The fallback is outside too: it sees the rejection.
            service.fallenBack();
            service.fallenBack();
            assertThat(service.fallenBack()).isEqualTo("fallback after EveryNthRejectedException");
        });
    }

    @Test
    void resilienceAspectOrderPlacesIt() {
        runner.withPropertyValues("resilience.aspect-order=every-nth,retry").run(context -> {
            assertThat(context.getBean(AspectOrder.class).keys()).containsExactly("fallback", "every-nth",
                    "circuit-breaker", "rate-limiter", "retry", "timeout", "bulkhead");
            Service service = context.getBean(Service.class);
            service.retried();
            service.retried();
            // Now the gate is outside the retry: its rejection is not retried.
            assertThatExceptionOfType(EveryNthRejectedException.class).isThrownBy(service::retried);
            assertThat(service.retriedCalls()).isEqualTo(2);
        });
    }

    @Test
    void theYamlInstanceBindsAndInheritsFromTheDefaultConfig() {
        runner.withPropertyValues("resilience.every-nth.configs.default.n=5").run(context -> {
            EveryNthRegistry registry = context.getBean(EveryNthRegistry.class);
            assertThat(registry.get("x").config().n()).isEqualTo(3);
            assertThat(registry.get("other").config().n()).isEqualTo(5);
        });
    }

    @Test
    void anUnknownKeyUnderTheInstanceFailsTheStart() {
        runner.withPropertyValues("resilience.every-nth.instances.x.nn=4").run(context -> {
            assertThat(context).hasFailed();
            assertThat(configurationFailure(context)).hasMessage("Unknown property "
                    + "'resilience.every-nth.instances.x.nn': nothing under 'resilience' reads it; did you mean "
                    + "'resilience.every-nth.instances.x.n'?");
        });
    }

    @Test
    void anInvalidValueFailsTheStartNamingItsFullPath() {
        runner.withPropertyValues("resilience.every-nth.instances.x.n=0").run(context -> {
            assertThat(context).hasFailed();
            ResilienceConfigurationException failure = configurationFailure(context);
            assertThat(failure.property()).isEqualTo("resilience.every-nth.instances.x.n");
            assertThat(failure).hasMessageContaining("resilience.every-nth.instances.x.n")
                    .hasMessageContaining("must be at least 1");
        });
    }

    @Test
    void aRefreshReconfiguresTheGateInPlace() {
        runner.run(context -> {
            EveryNthGate gate = context.getBean(EveryNthRegistry.class).get("x");
            ((ConfigurableEnvironment) context.getEnvironment()).getPropertySources().addFirst(
                    new MapPropertySource("changed", java.util.Map.of("resilience.every-nth.instances.x.n", "7")));
            context.getBean(ResilienceConfigurationRefresher.class).refresh();
            assertThat(context.getBean(EveryNthRegistry.class).get("x")).isSameAs(gate);
            assertThat(gate.config().n()).isEqualTo(7);
        });
    }

    @Test
    void itsEventsReachTheEventConsumerBeans() {
        runner.run(context -> {
            Service service = context.getBean(Service.class);
            service.plain();
            service.plain();
            try {
                service.plain();
            } catch (EveryNthRejectedException expected) {
                // the third call
            }
            List<ResilienceEvent> events = context.getBean(RecordedEvents.class).events;
            assertThat(events).extracting(ResilienceEvent::pattern).containsOnly("every-nth");
            assertThat(events).extracting(ResilienceEvent::type).containsExactly("PERMITTED", "PERMITTED", "REJECTED");
            assertThat(events).extracting(ResilienceEvent::name).containsOnly("x");
        });
    }

    private static ResilienceConfigurationException configurationFailure(AssertableApplicationContext context) {
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            if (t instanceof ResilienceConfigurationException e) {
                return e;
            }
        }
        throw new AssertionError("no ResilienceConfigurationException in " + context.getStartupFailure());
    }

    @Configuration(proxyBeanMethods = false)
    @Import(EveryNthConfiguration.class)
    static class Application {

        @Bean
        Service service() {
            return new Service();
        }

        @Bean
        RecordedEvents recordedEvents() {
            return new RecordedEvents();
        }
    }

    static class RecordedEvents implements EventConsumer {
        final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(ResilienceEvent event) {
            events.add(event);
        }
    }

    static class Service {
        private final AtomicInteger plainCalls = new AtomicInteger();
        private final AtomicInteger retriedCalls = new AtomicInteger();

        /** How often the body of {@link #plain()} ran (read through the proxy, so a method). */
        public int plainCalls() {
            return plainCalls.get();
        }

        public int retriedCalls() {
            return retriedCalls.get();
        }

        @EveryNth(name = "x")
        public String plain() {
            plainCalls.incrementAndGet();
            return "plain";
        }

        @Retry(name = "r")
        @EveryNth(name = "x")
        public String retried() {
            retriedCalls.incrementAndGet();
            return "retried";
        }

        @Fallback(method = "fallback")
        @EveryNth(name = "fb")
        public String fallenBack() {
            return "direct";
        }

        String fallback(Throwable failure) {
            return "fallback after " + failure.getClass().getSimpleName();
        }
    }
}
