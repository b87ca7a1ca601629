package dev.resilience.spring.boot.metrics;

/**
 * The meters of one instance of a pattern: what a pattern descriptor supplies (its {@code meterBinder()}) so
 * that {@link RegistryMeterBinder} gives every instance of its registry these meters, binds instances created
 * later and removes the meters of removed ones.
 *
 * <p>{@link #bind} registers the meters through {@link InstanceMeters} (which tags each with {@code name} = the
 * instance name plus {@link #tags()}) and adds the listener that feeds them, saying with
 * {@link InstanceMeters#onUnbind} how to remove it. Called once per instance and meter registry, never per
 * call; the listener holds its meters in final fields so that a call costs one {@code increment()} or
 * {@code record(...)}.
 *
 * <p>Implementations are stateless and thread-safe.
 *
 * @param <I> the instance type
 * @since 0.2.0
 */
@FunctionalInterface
public interface InstanceMeterBinder<I> {

    /** Registers the meters of {@code instance} and adds the listener feeding them. */
    void bind(I instance, InstanceMeters meters);

    /**
     * Tag keys and values, in pairs, that every meter of this pattern carries besides {@code name} (the same
     * keys on every meter of a name, as Prometheus requires); none by default.
     */
    default String[] tags() {
        return new String[0];
    }

    /** This binder with {@code keysAndValues} as its {@link #tags()}. */
    static <I> InstanceMeterBinder<I> tagged(InstanceMeterBinder<I> binder, String... keysAndValues) {
        String[] tags = keysAndValues.clone();
        return new InstanceMeterBinder<>() {
            @Override
            public void bind(I instance, InstanceMeters meters) {
                binder.bind(instance, meters);
            }

            @Override
            public String[] tags() {
                return tags.clone();
            }
        };
    }
}
