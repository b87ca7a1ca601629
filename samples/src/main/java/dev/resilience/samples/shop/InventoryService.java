package dev.resilience.samples.shop;

import java.util.concurrent.atomic.AtomicInteger;

import dev.resilience.annotation.Retry;
import dev.resilience.samples.downstream.FlakyDownstream;

import org.springframework.stereotype.Service;

/**
 * Stock levels, with {@code @Retry}: each failed attempt is tried again, up to {@code max-attempts} (counting the
 * first), with the back-off of {@code resilience.retry.instances.inventory}. When every attempt fails the last
 * failure is rethrown unchanged.
 */
@Service
public class InventoryService {

    private final FlakyDownstream downstream;

    InventoryService(FlakyDownstream downstream) {
        this.downstream = downstream;
    }

    /**
     * The stock of {@code sku}.
     *
     * @param attempts counts the attempts, only so that the sample can show them in its answer
     */
    @Retry(name = "inventory")
    public Stock stock(String sku, AtomicInteger attempts) {
        attempts.incrementAndGet();
        long call = downstream.call("stock " + sku);
        return new Stock(sku, (int) (call * 7 % 50), attempts.get());
    }

    /**
     * A stock level.
     *
     * @param attempts how many attempts it took
     */
    public record Stock(String sku, int quantity, int attempts) {
    }
}
