package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.spring.boot.autoconfigure.store.ResilienceStoreProvider;

/**
 * The {@link ResilienceStoreProvider} beans of the context, by store name: what {@code store: redis|jdbc}
 * resolves to. Immutable. Internal: not part of the public API.
 */
public final class StoreProviders {

    private static final StoreProviders NONE = new StoreProviders(Map.of());

    private final Map<String, ResilienceStoreProvider> byName;

    private StoreProviders(Map<String, ResilienceStoreProvider> byName) {
        this.byName = byName;
    }

    /** No shared store at all. */
    public static StoreProviders none() {
        return NONE;
    }

    /**
     * The given providers.
     *
     * @throws IllegalStateException when two providers claim the same store name
     */
    public static StoreProviders of(Iterable<? extends ResilienceStoreProvider> providers) {
        Map<String, ResilienceStoreProvider> byName = new LinkedHashMap<>();
        for (ResilienceStoreProvider provider : providers) {
            String name = provider.store().toLowerCase(Locale.ROOT);
            ResilienceStoreProvider previous = byName.putIfAbsent(name, provider);
            if (previous != null) {
                throw new IllegalStateException("Two beans provide the resilience store '" + name + "': " + previous
                        + " and " + provider + "; keep one of them");
            }
        }
        return byName.isEmpty() ? NONE : new StoreProviders(Map.copyOf(byName));
    }

    /**
     * The provider of {@code store}.
     *
     * @param store the value of a {@code store} property, any case
     * @throws InvalidConfigurationException for the property {@code store}, saying which module and settings
     *         provide that store, when no provider of that name is present
     */
    public ResilienceStoreProvider require(String store) {
        String name = store.toLowerCase(Locale.ROOT);
        ResilienceStoreProvider provider = byName.get(name);
        if (provider != null) {
            return provider;
        }
        throw new InvalidConfigurationException("store", name, missing(name));
    }

    private static String missing(String name) {
        switch (name) {
            case "redis":
                return "needs the Redis store, which is not configured: add the dependency "
                        + "dev.resilience:resilience-redis and set 'resilience.redis.url' (or define a Lettuce "
                        + "RedisClient or a Spring Data Redis LettuceConnectionFactory bean), or use memory";
            case "jdbc":
                return "needs the JDBC store, which is not configured: add the dependency "
                        + "dev.resilience:resilience-jdbc and a DataSource bean, or use memory";
            default:
                return "needs a store named '" + name + "', which no ResilienceStoreProvider bean provides; use memory";
        }
    }

    @Override
    public String toString() {
        return "StoreProviders" + byName.keySet();
    }
}
