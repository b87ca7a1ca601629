package dev.resilience.core.registry;

/**
 * Told when a registry adds, replaces or removes an instance: how metrics and event buffers follow
 * instances created at runtime. Every method has a no-op default.
 *
 * @param <E> the instance type
 * @since 0.1.0
 */
public interface RegistryListener<E> {

    /** {@code instance} was created and added. */
    default void onAdded(E instance) {
    }

    /** {@code instance} was removed. */
    default void onRemoved(E instance) {
    }

    /** {@code previous} was replaced by {@code replacement} under the same name. */
    default void onReplaced(E previous, E replacement) {
    }
}
