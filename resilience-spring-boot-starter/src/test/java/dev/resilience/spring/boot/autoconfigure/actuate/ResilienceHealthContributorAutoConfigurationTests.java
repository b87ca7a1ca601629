package dev.resilience.spring.boot.autoconfigure.actuate;

import java.util.HashMap;
import java.util.Map;

import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.actuate.CircuitBreakersHealthContributor;
import dev.resilience.spring.boot.actuate.PatternHealthContributor;
import dev.resilience.spring.boot.actuate.CircuitBreakerHealthSettings;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationRefresher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceHealthContributorAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class));

    @Test
    void contributesResilienceHealthByDefault() {
        runner.run(context -> {
            assertThat(contributor(context)).isInstanceOf(PatternHealthContributor.class);
            assertThat(context).hasSingleBean(CircuitBreakerHealthSettings.class)
                    .hasBean("circuitBreakerHealthSettings");
            context.getBean(CircuitBreakerRegistry.class).get("backend").transitionToOpenState();
            assertThat(status(context, "backend")).isEqualTo(Status.UP);
        });
    }

    @Test
    void theTwoSettingsAreReadPerInstanceWithInheritance() {
        runner.withPropertyValues(
                "resilience.circuit-breaker.configs.default.allow-health-indicator-to-fail=true",
                "resilience.circuit-breaker.configs.quiet.register-health-indicator=false",
                "resilience.circuit-breaker.instances.lenient.allow-health-indicator-to-fail=false",
                "resilience.circuit-breaker.instances.hidden.base-config=quiet").run(context -> {
            CircuitBreakerHealthSettings settings = context.getBean(CircuitBreakerHealthSettings.class);
            assertThat(settings.allowHealthIndicatorToFail("unnamed")).isTrue();
            assertThat(settings.allowHealthIndicatorToFail("lenient")).isFalse();
            assertThat(settings.registerHealthIndicator("lenient")).isTrue();
            assertThat(settings.registerHealthIndicator("hidden")).isFalse();
            assertThat(settings.allowHealthIndicatorToFail("hidden")).as("inherited from default").isTrue();

            CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
            registry.get("unnamed").transitionToOpenState();
            registry.get("lenient").transitionToForcedOpenState();
            registry.get("hidden").transitionToOpenState();
            assertThat(status(context, "unnamed")).isEqualTo(Status.DOWN);
            assertThat(status(context, "lenient")).isEqualTo(Status.UP);
            assertThat(names(context)).containsExactly("lenient", "unnamed");
        });
    }

    @Test
    void aRefreshAppliesToTheSettingsAtOnce() {
        runner.run(context -> {
            context.getBean(CircuitBreakerRegistry.class).get("backend").transitionToOpenState();
            assertThat(status(context, "backend")).isEqualTo(Status.UP);
            Map<String, Object> values = new HashMap<>();
            values.put("resilience.circuit-breaker.instances.backend.allow-health-indicator-to-fail", "true");
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("refreshed", values));
            context.getBean(ResilienceConfigurationRefresher.class).refresh();
            assertThat(status(context, "backend")).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void withTheApplicationsOwnRegistryTheSettingsAreReadFromThePropertiesAsBound() {
        CircuitBreakerRegistry own = CircuitBreakerRegistry.ofDefaults();
        runner.withBean(CircuitBreakerRegistry.class, () -> own).withPropertyValues(
                "resilience.circuit-breaker.configs.default.failure-rate-threshold=150",
                "resilience.circuit-breaker.configs.strict.allow-health-indicator-to-fail=true",
                "resilience.circuit-breaker.configs.loop.base-config=loop",
                "resilience.circuit-breaker.instances.payments.base-config=strict",
                "resilience.circuit-breaker.instances.cyclic.base-config=loop",
                "resilience.circuit-breaker.instances.cyclic.register-health-indicator=false").run(context -> {
            assertThat(context).hasNotFailed();
            CircuitBreakerHealthSettings settings = context.getBean(CircuitBreakerHealthSettings.class);
            assertThat(settings.allowHealthIndicatorToFail("payments")).isTrue();
            assertThat(settings.allowHealthIndicatorToFail("other")).isFalse();
            assertThat(settings.registerHealthIndicator("cyclic")).isFalse();
            assertThat(settings.allowHealthIndicatorToFail("cyclic")).isFalse();
            own.get("payments").transitionToOpenState();
            assertThat(status(context, "payments")).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void switchedOffByTheHealthIndicatorProperty() {
        runner.withPropertyValues("management.health.resilience.enabled=false").run(context ->
                assertThat(contributor(context)).isNull());
        runner.withPropertyValues("management.health.defaults.enabled=false").run(context ->
                assertThat(contributor(context)).isNull());
    }

    @Test
    void backsOffWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthContributor.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("resilienceHealthContributors"));
    }

    @Test
    void backsOffForTheApplicationsOwnContributorAndUsesItsSettings() {
        HealthIndicator own = () -> null;
        runner.withBean("resilienceHealthContributor", HealthIndicator.class, () -> own)
                .run(context -> assertThat(contributor(context)).isSameAs(own));
        runner.withBean(CircuitBreakerHealthSettings.class,
                () -> CircuitBreakerHealthSettings.of(name -> true, name -> true)).run(context -> {
            context.getBean(CircuitBreakerRegistry.class).get("mine").transitionToOpenState();
            assertThat(status(context, "mine")).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void withoutARegistryThereIsNoContributor() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResilienceHealthContributorAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(contributor(context)).isNull();
                });
    }

    private static HealthContributor contributor(AssertableApplicationContext context) {
        return context.getBean(HealthContributorRegistry.class).getContributor(CircuitBreakersHealthContributor.NAME);
    }

    private static Status status(AssertableApplicationContext context, String name) {
        CompositeHealthContributor contributor = (CompositeHealthContributor) contributor(context);
        return ((HealthIndicator) contributor.getContributor(name)).health().getStatus();
    }

    private static java.util.List<String> names(AssertableApplicationContext context) {
        return ((CompositeHealthContributor) contributor(context)).stream().map(HealthContributors.Entry::name)
                .toList();
    }
}
