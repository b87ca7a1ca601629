package dev.resilience.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Reports a {@link ResilienceConfigurationException} as Spring Boot's "APPLICATION FAILED TO START" output:
 * the exception's message as the description (with the origin of the offending property, when the
 * environment knows), its action as the action. Registered in {@code META-INF/spring.factories}.
 *
 * @since 0.1.0
 */
class ResilienceFailureAnalyzer extends AbstractFailureAnalyzer<ResilienceConfigurationException> {

    private final @Nullable Environment environment;

    ResilienceFailureAnalyzer(@Nullable Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ResilienceConfigurationException cause) {
        String description = cause.getMessage();
        Origin origin = origin(cause.property());
        if (origin != null) {
            description += "\n\nOrigin: " + origin;
        }
        return new FailureAnalysis(description, cause.action(), cause);
    }

    private @Nullable Origin origin(@Nullable String property) {
        if (property == null || environment == null) {
            return null;
        }
        Origin origin = originOf(property);
        int index = property.lastIndexOf('[');
        if (origin == null && property.endsWith("]") && index > 0) {
            origin = originOf(property.substring(0, index));
        }
        return origin;
    }

    private @Nullable Origin originOf(String property) {
        try {
            ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
                ConfigurationProperty candidate = source.getConfigurationProperty(name);
                if (candidate != null) {
                    return candidate.getOrigin();
                }
            }
        } catch (RuntimeException e) {
            // a name the binder cannot express: report without an origin
        }
        return null;
    }
}
