package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.resilience.core.registry.Registry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.PatternProperties;

/**
 * One pattern whose registry was built from properties: how to resolve its properties, the registries they
 * were applied to, and the configs applied last, so that a runtime refresh can apply new ones in place.
 * Thread-safe. Internal: not part of the public API.
 *
 * @param <C> the configuration type
 * @param <P> the settings type
 */
public final class BoundPattern<C, P extends InstanceProperties> {

    private final ConfigResolver<C, ?, P> resolver;
    private final Function<ResilienceProperties, ? extends PatternProperties<P>> group;
    private final List<Target<C, P>> targets = new CopyOnWriteArrayList<>();
    private volatile ResolvedConfigs<C, P> current;

    /**
     * @param resolver resolves the pattern's properties
     * @param group selects the pattern's properties, for example {@code ResilienceProperties::getRetry}
     * @param initial the properties the registry is first built from
     */
    public BoundPattern(ConfigResolver<C, ?, P> resolver,
            Function<ResilienceProperties, ? extends PatternProperties<P>> group, ResilienceProperties initial) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.group = Objects.requireNonNull(group, "group");
        this.current = resolver.resolve(group.apply(initial));
    }

    /** The pattern key, for example {@code retry}. */
    public String key() {
        return resolver.mapping().key();
    }

    /** The configs applied last. */
    public ResolvedConfigs<C, P> current() {
        return current;
    }

    /**
     * Applies the current configs to a registry built with their default, and follows it on refresh.
     *
     * @return {@code registry}
     */
    public <E, R extends Registry<E, C, ?>> R bind(R registry, Function<? super E, ? extends C> configOf,
            Function<? super E, String> nameOf) {
        current.applyTo(registry);
        targets.add((next, previous) -> next.reapplyTo(registry, previous, configOf, nameOf));
        return registry;
    }

    /**
     * Follows, on refresh, a registry that the configs reach through another one (the keyed view of the
     * rate limiter registry): only its instances on shared configs need updating.
     */
    public <E> void follow(Registry<E, C, ?> registry, Function<? super E, ? extends C> configOf,
            Function<? super E, String> nameOf) {
        targets.add((next, previous) -> next.followShared(registry, previous, configOf, nameOf));
    }

    /**
     * Resolves {@code properties} and returns the step that applies the result, so that every pattern can be
     * validated before any is changed.
     *
     * @throws dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException when invalid
     */
    public Runnable prepare(ResilienceProperties properties) {
        ResolvedConfigs<C, P> next = resolver.resolve(group.apply(properties));
        return () -> {
            synchronized (this) {
                ResolvedConfigs<C, P> previous = current;
                for (Target<C, P> target : targets) {
                    target.reapply(next, previous);
                }
                current = next;
            }
        };
    }

    @FunctionalInterface
    private interface Target<C, P extends InstanceProperties> {
        void reapply(ResolvedConfigs<C, P> next, ResolvedConfigs<C, P> previous);
    }
}
