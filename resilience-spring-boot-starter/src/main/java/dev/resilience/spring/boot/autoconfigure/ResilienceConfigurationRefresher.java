package dev.resilience.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resilience.spring.boot.autoconfigure.internal.BoundPattern;
import dev.resilience.spring.boot.autoconfigure.internal.EmptyValueBindHandler;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Applies changed {@code resilience.*} properties to the running application, in place.
 *
 * <p>{@link #refresh()} binds {@code resilience.*} anew from the {@link Environment}, resolves every pattern's
 * configs (customizers included) and, only if all are valid, applies them to the registries the
 * auto-configuration built from properties: instances are reconfigured in place with
 * {@code registry.configureInstance(...)}, so the same objects keep their state (a breaker's window and
 * state, a bulkhead's permits), their listeners and their meters; the new values apply to calls that start
 * afterwards. Invalid properties throw {@link ResilienceConfigurationException} and change nothing.
 * Registries defined by the application itself are not touched, nor is {@code resilience.aspect-order} (the
 * composition of annotated methods is fixed at start-up).
 *
 * <p>With Spring Cloud's {@code EnvironmentChangeEvent} on the classpath (a configuration refresh,
 * {@code /actuator/refresh}), the auto-configuration calls {@link #refresh(Collection)} with the changed keys.
 *
 * <p>Thread-safe; refreshes are serialized.
 *
 * @since 0.1.0
 */
public class ResilienceConfigurationRefresher {

    private final Environment environment;

    private final List<BoundPattern<?, ?>> patterns = new CopyOnWriteArrayList<>();

    public ResilienceConfigurationRefresher(Environment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Follows a pattern whose registry was built from properties. */
    void register(BoundPattern<?, ?> pattern) {
        patterns.add(pattern);
    }

    /**
     * Rebinds {@code resilience.*} and applies the result to every registry built from properties.
     *
     * @throws ResilienceConfigurationException when the new properties are invalid; nothing is changed then
     */
    public synchronized void refresh() {
        ResilienceProperties properties;
        try {
            properties = Binder.get(environment).bindOrCreate(ResilienceProperties.PREFIX,
                    Bindable.of(ResilienceProperties.class), new EmptyValueBindHandler());
        } catch (BindException e) {
            if (e.getCause() instanceof ResilienceConfigurationException invalid) {
                throw invalid;
            }
            throw e;
        }
        List<Runnable> steps = new ArrayList<>(patterns.size());
        for (BoundPattern<?, ?> pattern : patterns) {
            steps.add(pattern.prepare(properties));
        }
        steps.forEach(Runnable::run);
    }

    /**
     * Refreshes when any of {@code changedKeys} is a {@code resilience.*} property (in any of the forms Spring
     * Boot accepts, for example {@code RESILIENCE_RETRY_...} from the environment).
     *
     * @return whether a refresh happened
     */
    public boolean refresh(Collection<String> changedKeys) {
        for (String key : changedKeys) {
            if (isResilienceKey(key)) {
                refresh();
                return true;
            }
        }
        return false;
    }

    private static boolean isResilienceKey(String key) {
        String normalized = key.toLowerCase(java.util.Locale.ROOT);
        return normalized.equals(ResilienceProperties.PREFIX)
                || normalized.startsWith(ResilienceProperties.PREFIX + ".")
                || normalized.startsWith(ResilienceProperties.PREFIX + "_")
                || normalized.startsWith(ResilienceProperties.PREFIX + "[");
    }

    /** The pattern keys followed, for diagnostics. */
    List<String> patternKeys() {
        return patterns.stream().map(BoundPattern::key).toList();
    }
}
