package dev.resilience.spring.boot.autoconfigure.internal;

import java.time.temporal.TemporalAmount;

import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.util.unit.DataSize;

/**
 * Fails the binding of a {@code resilience.*} value that is present but empty, such as {@code max-attempts=}.
 * Spring Boot converts an empty string to {@code null} for numbers, booleans, enums and durations, and a
 * {@code null} leaves the default in place: the key would silently do nothing. Such a value now fails the
 * start like any other bad value, naming the full property path. Empty values that mean something stay
 * allowed: an empty list ({@code record-exceptions=}), an empty string, and an entry with no settings under
 * {@code instances} or {@code configs} (YAML {@code backend:} with nothing below).
 *
 * <p>Registered for every {@code @ConfigurationProperties} binding through a
 * {@code ConfigurationPropertiesBindHandlerAdvisor}, and used by the runtime refresh; it only looks at names
 * under {@code resilience}. Internal: not part of the public API.
 */
public final class EmptyValueBindHandler extends AbstractBindHandler {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("resilience");

    public EmptyValueBindHandler() {
    }

    public EmptyValueBindHandler(BindHandler parent) {
        super(parent);
    }

    @Override
    public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
            @Nullable Object result) throws Exception {
        if (result == null && ROOT.isAncestorOf(name)) {
            ConfigurationProperty property = context.getConfigurationProperty();
            if (property != null && name.equals(property.getName()) && isBlank(property.getValue())
                    && isScalar(target.getType().resolve())) {
                throw empty(name.toString());
            }
        }
        super.onFinish(name, target, context, result);
    }

    private static boolean isBlank(@Nullable Object value) {
        return value instanceof CharSequence text && text.toString().isBlank();
    }

    /** A type bound from one string: the kind whose empty value turns into {@code null}. */
    private static boolean isScalar(@Nullable Class<?> type) {
        return type != null && (BeanUtils.isSimpleValueType(type) || TemporalAmount.class.isAssignableFrom(type)
                || DataSize.class == type);
    }

    private static ResilienceConfigurationException empty(String property) {
        return new ResilienceConfigurationException("Invalid '" + property + "' (empty): must be set to a value; "
                + "an empty value would silently keep the inherited one",
                "Set '" + property + "' to a value, or remove the key to inherit the value of its base config "
                        + "(or the built-in default).",
                property, null);
    }
}
