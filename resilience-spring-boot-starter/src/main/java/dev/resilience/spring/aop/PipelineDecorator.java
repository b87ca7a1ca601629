package dev.resilience.spring.aop;

import java.util.List;

/**
 * Adds layers around or between the pattern layers of annotated methods: how the Observation API support puts
 * an observation around each protected call. Applied by the auto-configuration to every bean of this type, in
 * {@code @Order}, once per annotated method when its bean is planned; never per call. A decorator that has
 * nothing to add returns the list it was given, so it costs the calls nothing.
 *
 * <p>Implementations must be thread-safe: beans may be planned concurrently.
 *
 * @see PatternInstances#decorate(String, List)
 * @since 0.1.0
 */
@FunctionalInterface
public interface PipelineDecorator {

    /**
     * The layers to compose for {@code method}, outermost first.
     *
     * @param method {@code SimpleClassName#method} of the annotated method
     * @param layers its layers so far, outermost first; unmodifiable
     * @return the layers to compose; {@code layers} itself when nothing is added
     */
    List<PatternInstances.Layer> decorate(String method, List<PatternInstances.Layer> layers);
}
