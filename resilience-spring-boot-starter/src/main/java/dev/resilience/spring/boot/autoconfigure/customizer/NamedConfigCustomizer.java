package dev.resilience.spring.boot.autoconfigure.customizer;

import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What every per-pattern {@code of(name, customizer)} factory returns: a customizer for one name that also
 * declares that name, so it gets a configuration of its own even when the properties do not mention it.
 *
 * @param <B> the configuration builder of the pattern
 */
abstract class NamedConfigCustomizer<B> implements ConfigCustomizer<B> {

    private final String type;
    private final String name;
    private final Consumer<B> customizer;

    NamedConfigCustomizer(String type, String name, Consumer<B> customizer) {
        this.type = type;
        this.name = Objects.requireNonNull(name, "name");
        this.customizer = Objects.requireNonNull(customizer, "customizer");
    }

    @Override
    public void customize(String configName, B builder) {
        if (name.equals(configName)) {
            customizer.accept(builder);
        }
    }

    @Override
    public Set<String> names() {
        return Set.of(name);
    }

    @Override
    public String toString() {
        return type + ".of(" + name + ")";
    }
}
