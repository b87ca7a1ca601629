package dev.resilience.spring.boot.actuate;

import java.util.Objects;
import java.util.stream.Stream;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.registry.Registry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the instances of one pattern: one indicator per listed instance
 * ({@link PatternHealth#listed}), named after it, so that {@code /actuator/health/<contributor>} lists them
 * and {@code /actuator/health/<contributor>/{name}} shows one (and health groups can include one).
 *
 * <p>An instance's status is {@code DOWN} only while it {@link PatternHealth#failing fails} <em>and</em> it
 * {@link PatternHealth#mayFail may fail}; otherwise {@code UP}: an instance rejecting calls is the application
 * protecting itself, which should not take it out of a load balancer unless asked. The details are the
 * pattern's.
 *
 * <p>The instances are read from the registry at each health request: instances created after start-up (at
 * first use) appear, removed ones disappear, and the settings are read anew. Without any listed instance the
 * composite is empty, which Spring Boot leaves out of the health response.
 *
 * <p>Thread-safe.
 *
 * @param <I> the instance type
 * @since 0.2.0
 */
public class PatternHealthContributor<I extends PatternInstance<?, ?>> implements CompositeHealthContributor {

    private final Registry<? extends I, ?, ?> registry;

    private final PatternHealth<? super I> health;

    /** The instances of {@code registry}, listed and allowed to fail as {@code health} says per name. */
    public PatternHealthContributor(Registry<? extends I, ?, ?> registry, PatternHealth<? super I> health) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.health = Objects.requireNonNull(health, "health");
    }

    /** The indicator of the instance {@code name}; {@code null} if it does not exist or is not listed. */
    @Override
    public @Nullable HealthContributor getContributor(String name) {
        return registry.find(name).filter(instance -> health.listed().test(name)).map(this::indicator).orElse(null);
    }

    /** One indicator per listed instance, by name, in the registry's order. */
    @Override
    public Stream<Entry> stream() {
        return registry.all().stream().filter(instance -> health.listed().test(instance.name()))
                .map(instance -> new Entry(instance.name(), indicator(instance)));
    }

    private HealthIndicator indicator(I instance) {
        return () -> health(health, instance, health.mayFail().test(instance.name()));
    }

    /** The health of {@code instance}: {@code DOWN} when {@code mayFail} and it is failing, else {@code UP}. */
    public static <I> Health health(PatternHealth<? super I> health, I instance, boolean mayFail) {
        Health.Builder builder = mayFail && health.failing().test(instance) ? Health.down() : Health.up();
        return builder.withDetails(health.details().apply(instance)).build();
    }
}
