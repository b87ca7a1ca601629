package org.springframework.cloud.context.environment;

import java.util.Set;

import org.springframework.context.ApplicationEvent;

/**
 * A test stand-in for Spring Cloud's event of the same name (same package, class name and {@code getKeys()}),
 * so that the starter's optional Spring Cloud support is tested without depending on Spring Cloud.
 */
public class EnvironmentChangeEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final Set<String> keys;

    public EnvironmentChangeEvent(Object context, Set<String> keys) {
        super(context);
        this.keys = keys;
    }

    public Set<String> getKeys() {
        return keys;
    }
}
