package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * One level of a pattern's configuration being resolved: {@code resilience.<pattern>.configs.<name>} or
 * {@code resilience.<pattern>.instances.<name>}, with its parent's finished configuration and the settings
 * it inherits. Given to a {@link PatternMapping.SettingsMapper}. Internal: not part of the public API.
 *
 * @param <P> the settings type
 * @param <C> the configuration type
 */
public final class Level<P extends InstanceProperties, C> {

    private final String path;
    private final C parent;
    private final List<P> chain;
    private final ClassLoader classLoader;
    private final ClassReferences references;
    private final StoreProviders stores;

    Level(String path, C parent, List<P> chain, ClassReferences references, StoreProviders stores) {
        this.path = path;
        this.parent = parent;
        this.chain = chain;
        this.classLoader = references.classLoader();
        this.references = references;
        this.stores = stores;
    }

    /** The shared stores the {@code store} property can name. */
    public StoreProviders stores() {
        return stores;
    }

    /** The level's full path, for example {@code resilience.circuit-breaker.instances.backend}. */
    public String path() {
        return path;
    }

    /** The full path of one of the level's properties. */
    public String property(String leaf) {
        return path + "." + leaf;
    }

    /** The parent's finished configuration: what the builder was pre-filled from. */
    public C parent() {
        return parent;
    }

    /**
     * The value of a setting as this level sees it: its own if set, else the nearest ancestor's (base-config
     * chain, then {@code default}), else {@code null}. For settings the core configuration does not hold.
     */
    public <V> @Nullable V inherited(Function<? super P, ? extends @Nullable V> getter) {
        for (P settings : chain) {
            V value = getter.apply(settings);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * Loads the exception classes named by a list property such as {@code record-exceptions}.
     *
     * @throws ResilienceConfigurationException naming the property with its index when a class does not
     *         exist or is not a {@link Throwable}
     */
    public List<Class<? extends Throwable>> exceptionClasses(String leaf, List<String> classNames) {
        List<Class<? extends Throwable>> classes = new ArrayList<>(classNames.size());
        for (int i = 0; i < classNames.size(); i++) {
            classes.add(exceptionClass(property(leaf) + "[" + i + "]", classNames.get(i)));
        }
        return classes;
    }

    /**
     * The {@code Predicate<Throwable>} named by a property such as {@code record-failure-predicate}: the
     * context's single bean of that class, else a new instance.
     *
     * @throws ResilienceConfigurationException naming the property when the class does not exist, is not a
     *         fitting predicate or cannot be instantiated
     */
    public Predicate<Throwable> exceptionPredicate(String leaf, String className) {
        return references.exceptionPredicate(property(leaf), className);
    }

    /**
     * The {@code Predicate<Object>} named by a property such as {@code record-result-predicate}; see
     * {@link #exceptionPredicate}.
     */
    public Predicate<Object> resultPredicate(String leaf, String className) {
        return references.resultPredicate(property(leaf), className);
    }

    private Class<? extends Throwable> exceptionClass(String property, @Nullable String className) {
        String name = className == null ? "" : className.trim();
        if (name.isEmpty()) {
            throw new ResilienceConfigurationException(
                    "Invalid '" + property + "' (" + className + "): must be a fully qualified exception class name",
                    "Set '" + property + "' to the fully qualified name of an exception class, or remove it.",
                    property, null);
        }
        Class<?> type;
        try {
            type = ClassUtils.forName(name, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ResilienceConfigurationException(
                    "Invalid '" + property + "' (" + name + "): no class of that name on the classpath",
                    "Check the spelling of '" + name + "' (a fully qualified class name, for example "
                            + "java.io.IOException) and that the jar holding it is on the classpath.",
                    property, e);
        }
        if (!Throwable.class.isAssignableFrom(type)) {
            throw new ResilienceConfigurationException(
                    "Invalid '" + property + "' (" + name + "): must be a subclass of java.lang.Throwable",
                    "Set '" + property + "' to an exception class.", property, null);
        }
        return type.asSubclass(Throwable.class);
    }
}
