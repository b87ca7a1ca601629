package dev.resilience.spring.boot.metrics;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.resilience.spring.boot.actuate.CircuitBreakerCallStatistics;
import dev.resilience.spring.boot.actuate.ResilienceEndpoint.CallsDescriptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.jspecify.annotations.Nullable;

/**
 * {@link CircuitBreakerCallStatistics} read from the {@value CircuitBreakerMetrics#CALLS} timers: the count of
 * each {@code kind}, and the latency of successful calls, its maximum (Micrometer's decaying maximum) and the
 * percentiles the application publishes for that meter
 * ({@code management.metrics.distribution.percentiles.resilience.circuitbreaker.calls=0.5,0.95,0.99}).
 *
 * <p>Thread-safe; finds the meters on each read, so breakers created later are covered.
 *
 * @since 0.1.0
 */
public final class MeterCircuitBreakerCallStatistics implements CircuitBreakerCallStatistics {

    private final Supplier<@Nullable MeterRegistry> registry;

    /** @param registry the application's meter registry, looked up on each read; {@code null} when it has none */
    public MeterCircuitBreakerCallStatistics(Supplier<@Nullable MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public @Nullable CallsDescriptor calls(String name) {
        MeterRegistry meters = registry.get();
        if (meters == null) {
            return null;
        }
        Collection<Timer> timers = meters.find(CircuitBreakerMetrics.CALLS).tag("name", name).timers();
        if (timers.isEmpty()) {
            return null;
        }
        long successful = 0;
        long failed = 0;
        long ignored = 0;
        long notPermitted = 0;
        Map<String, Double> latency = new LinkedHashMap<>();
        for (Timer timer : timers) {
            String kind = timer.getId().getTag("kind");
            long count = timer.count();
            if ("successful".equals(kind)) {
                successful += count;
                latency.put("max", timer.max(TimeUnit.MILLISECONDS));
                for (ValueAtPercentile percentile : timer.takeSnapshot().percentileValues()) {
                    latency.put(label(percentile.percentile()), percentile.value(TimeUnit.MILLISECONDS));
                }
            } else if ("failed".equals(kind)) {
                failed += count;
            } else if ("ignored".equals(kind)) {
                ignored += count;
            } else if ("not_permitted".equals(kind)) {
                notPermitted += count;
            }
        }
        return new CallsDescriptor(successful, failed, ignored, notPermitted, latency);
    }

    /** 0.5 as {@code p50}, 0.999 as {@code p99.9}. */
    private static String label(double percentile) {
        String text = String.format(Locale.ROOT, "%.4f", percentile * 100).replaceAll("0+$", "").replaceAll("\\.$", "");
        return "p" + text;
    }
}
