package dev.resilience.spring.boot.autoconfigure.internal;

import java.lang.reflect.Method;
import java.util.Collection;

import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationRefresher;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * Calls {@link ResilienceConfigurationRefresher#refresh(Collection)} on Spring Cloud's
 * {@code EnvironmentChangeEvent}, with the keys that changed. Refers to the event class by name only, so that
 * the starter needs no Spring Cloud dependency; registered only when that class is present. Internal: not part
 * of the public API.
 */
public final class EnvironmentChangeListener implements GenericApplicationListener {

    /** Spring Cloud's event, published after a configuration refresh with the keys that changed. */
    public static final String EVENT_CLASS = "org.springframework.cloud.context.environment.EnvironmentChangeEvent";

    private final ResilienceConfigurationRefresher refresher;

    public EnvironmentChangeListener(ResilienceConfigurationRefresher refresher) {
        this.refresher = refresher;
    }

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        for (Class<?> type = eventType.getRawClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(EVENT_CLASS)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        Collection<?> keys = keys(event);
        if (keys == null) {
            refresher.refresh();
        } else {
            refresher.refresh(keys.stream().map(String::valueOf).toList());
        }
    }

    /** The event's {@code getKeys()}, or {@code null} when it cannot be read (then everything is refreshed). */
    private static @Nullable Collection<?> keys(ApplicationEvent event) {
        try {
            Method getKeys = event.getClass().getMethod("getKeys");
            return getKeys.invoke(event) instanceof Collection<?> keys ? keys : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
