package dev.resilience.spring.boot.autoconfigure.actuate;

import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.aop.FallbackObserver;
import dev.resilience.spring.boot.actuate.CircuitBreakerTransitions;
import dev.resilience.spring.boot.actuate.ResilienceEndpoint;
import dev.resilience.spring.boot.actuate.ResilienceEndpointWebExtension;
import dev.resilience.spring.boot.actuate.ResilienceEventBuffer;
import dev.resilience.spring.boot.actuate.ResilienceEventsEndpoint;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceEndpointAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceEndpointAutoConfiguration.class));

    @Test
    void nothingWhileTheEndpointsAreNotExposed() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ResilienceEndpoint.class)
                .doesNotHaveBean(ResilienceEndpointWebExtension.class)
                .doesNotHaveBean(CircuitBreakerTransitions.class).doesNotHaveBean(ResilienceEventBuffer.class)
                .doesNotHaveBean(ResilienceEventsEndpoint.class).doesNotHaveBean(FallbackObserver.class));
    }

    @Test
    void theResilienceEndpointWithItsWebExtensionAndTransitionsWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=resilience").run(context -> {
            assertThat(context).hasSingleBean(ResilienceEndpoint.class)
                    .hasSingleBean(ResilienceEndpointWebExtension.class)
                    .hasSingleBean(CircuitBreakerTransitions.class).doesNotHaveBean(ResilienceEventBuffer.class);
            assertThat(context).hasBean("resilienceEndpoint").hasBean("resilienceEndpointWebExtension")
                    .hasBean("resilienceCircuitBreakerTransitions");
            context.getBean(CircuitBreakerRegistry.class).get("backend").transitionToOpenState();
            assertThat(context.getBean(ResilienceEndpoint.class).resilience().instances("circuitBreakers", ResilienceEndpoint.CircuitBreakerDescriptor.class).get("backend")
                    .transitions()).hasSize(1);
        });
    }

    @Test
    void theEventsEndpointWithItsBufferAndFallbackObserverWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=resilienceevents").run(context -> {
            assertThat(context).hasSingleBean(ResilienceEventsEndpoint.class)
                    .hasSingleBean(ResilienceEventBuffer.class).doesNotHaveBean(ResilienceEndpoint.class);
            assertThat(context).hasBean("resilienceEventBuffer").hasBean("resilienceEventsEndpoint")
                    .hasBean("resilienceEventsFallbackObserver");
            ResilienceEventBuffer buffer = context.getBean(ResilienceEventBuffer.class);
            assertThat(buffer.bufferSize()).isEqualTo(ResilienceEventBuffer.DEFAULT_BUFFER_SIZE);
            context.getBean(CircuitBreakerRegistry.class).get("created-later").transitionToOpenState();
            assertThat(buffer.events("created-later")).hasSize(1);
        });
    }

    @Test
    void theBufferSizeComesFromTheProperty() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=resilienceevents",
                "resilience.events.buffer-size=7").run(context ->
                assertThat(context.getBean(ResilienceEventBuffer.class).bufferSize()).isEqualTo(7));
    }

    @Test
    void aBufferSizeBelowOneFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=resilienceevents",
                "resilience.events.buffer-size=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ResilienceConfigurationException.class)
                    .hasMessage("Invalid 'resilience.events.buffer-size' (0): must be greater than or equal to 1");
        });
    }

    @Test
    void aDisabledEndpointIsNotCreatedEvenIfExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=*",
                "management.endpoint.resilience.access=NONE", "management.endpoint.resilienceevents.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(ResilienceEndpoint.class)
                        .doesNotHaveBean(ResilienceEventBuffer.class));
    }

    @Test
    void theApplicationsOwnBeansWin() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=resilience,resilienceevents")
                .withBean("myBuffer", ResilienceEventBuffer.class, () -> new ResilienceEventBuffer(3))
                .run(context -> assertThat(context).hasSingleBean(ResilienceEventBuffer.class)
                        .hasBean("myBuffer").hasSingleBean(ResilienceEventsEndpoint.class));
    }

    @Test
    void theEndpointsWorkWithoutTheRegistriesAutoConfiguration() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResilienceEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=resilience,resilienceevents")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ResilienceEndpoint.class)
                            .doesNotHaveBean(CircuitBreakerTransitions.class);
                    assertThat(context.getBean(ResilienceEndpoint.class).resilience().instances("circuitBreakers", ResilienceEndpoint.CircuitBreakerDescriptor.class)).isEmpty();
                    assertThat(context.getBean(ResilienceEventsEndpoint.class).events().events()).isEmpty();
                });
    }

    @Test
    void backsOffWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .withPropertyValues("management.endpoints.web.exposure.include=*")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ResilienceEndpoint.class)
                        .doesNotHaveBean(ResilienceEventBuffer.class));
    }
}
