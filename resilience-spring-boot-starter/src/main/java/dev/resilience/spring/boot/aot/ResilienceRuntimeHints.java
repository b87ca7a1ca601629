package dev.resilience.spring.boot.aot;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints for what the starter reaches reflectively whatever the application: registered in
 * {@code META-INF/spring/aot.factories} and applied when the application is processed ahead of time.
 *
 * <ul>
 *   <li>the dashboard's page template and assets ({@code META-INF/resilience/dashboard.html},
 *       {@code META-INF/resilience/dashboard/*}), read from the classpath;
 *   <li>the {@code @ConfigurationProperties} classes ({@code resilience.*}, {@code resilience.events.*},
 *       {@code resilience.dashboard.*}) and their nested types, for binding;
 *   <li>the actuator endpoints' descriptors (records written as JSON), where the actuator is present: the
 *       operations declare interfaces and maps, so the records behind them are registered explicitly.
 * </ul>
 * What depends on the application (its annotated beans' fallbacks and keys, the classes its properties name)
 * is registered by the AOT processors next to this class.
 *
 * @since 0.1.0
 */
public final class ResilienceRuntimeHints implements RuntimeHintsRegistrar {

    private static final List<String> PROPERTIES = List.of(
            "dev.resilience.spring.boot.autoconfigure.ResilienceProperties",
            "dev.resilience.spring.boot.autoconfigure.actuate.ResilienceEventsProperties",
            "dev.resilience.spring.boot.dashboard.ResilienceDashboardProperties");

    private static final List<String> ENDPOINTS = List.of(
            "dev.resilience.spring.boot.actuate.ResilienceEndpoint",
            "dev.resilience.spring.boot.actuate.ResilienceEventsEndpoint");

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources().registerPattern("META-INF/resilience/dashboard.html");
        hints.resources().registerPattern("META-INF/resilience/dashboard/*");
        for (String name : PROPERTIES) {
            Class<?> type = load(name, classLoader);
            if (type != null) {
                BindableRuntimeHintsRegistrar.forTypes(type).registerHints(hints, classLoader);
            }
        }
        if (ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", classLoader)) {
            BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
            for (String name : ENDPOINTS) {
                Class<?> endpoint = load(name, classLoader);
                if (endpoint == null) {
                    continue;
                }
                hints.reflection().registerType(TypeReference.of(endpoint), MemberCategory.INVOKE_PUBLIC_METHODS);
                for (Class<?> descriptor : endpoint.getDeclaredClasses()) {
                    if (descriptor.isRecord()) {
                        bindings.registerReflectionHints(hints.reflection(), descriptor);
                    }
                }
            }
        }
    }

    private static @Nullable Class<?> load(String name, @Nullable ClassLoader classLoader) {
        try {
            return ClassUtils.forName(name, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            // An optional part whose dependencies the application does not have: nothing of it is used.
            return null;
        }
    }
}
