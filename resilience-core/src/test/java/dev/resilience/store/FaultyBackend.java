package dev.resilience.store;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.store.spi.BreakerRecord;
import dev.resilience.store.spi.BreakerWrite;
import dev.resilience.store.spi.LimiterReply;
import dev.resilience.store.spi.OutcomeCounts;
import dev.resilience.store.spi.StoreBackend;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Delegates to a real (in-memory) backend, but can apply a breaker write and never answer it, or fail every
 * read of a breaker while everything else works: the partial faults a network or an overloaded server cause.
 */
final class FaultyBackend implements StoreBackend {
    private final StoreBackend delegate;
    volatile boolean loseNextWriteAnswer;
    volatile int writesUnanswered;
    volatile boolean failReads;
    volatile int readsFailed;

    FaultyBackend(StoreBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<BreakerWrite> compareAndSet(String breaker, long expectedEpoch,
            CircuitBreaker.State state, long epoch, long periodMillis, String origin) {
        CompletionStage<BreakerWrite> applied = delegate.compareAndSet(breaker, expectedEpoch, state, epoch,
                periodMillis, origin);
        if (loseNextWriteAnswer) {
            loseNextWriteAnswer = false;
            applied.toCompletableFuture().join();
            writesUnanswered++;
            return new CompletableFuture<>();
        }
        return applied;
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public CompletionStage<Integer> heartbeat(String instanceId, long ttlMillis) {
        return delegate.heartbeat(instanceId, ttlMillis);
    }

    @Override
    public void subscribe(BiConsumer<String, BreakerRecord> listener) {
        delegate.subscribe(listener);
    }

    @Override
    public CompletionStage<BreakerRecord> read(String breaker) {
        if (failReads) {
            readsFailed++;
            return CompletableFuture.failedFuture(new java.io.IOException("read failed"));
        }
        return delegate.read(breaker);
    }

    @Override
    public CompletionStage<OutcomeCounts> recordOutcomes(String breaker, long epoch,
            CircuitBreakerConfig.SlidingWindowType type, int size, OutcomeCounts batch) {
        return delegate.recordOutcomes(breaker, epoch, type, size, batch);
    }

    @Override
    public CompletionStage<Boolean> acquireTrialPermit(String breaker, long epoch, int permitted) {
        return delegate.acquireTrialPermit(breaker, epoch, permitted);
    }

    @Override
    public CompletionStage<Void> releaseTrialPermit(String breaker, long epoch) {
        return delegate.releaseTrialPermit(breaker, epoch);
    }

    @Override
    public CompletionStage<LimiterReply> acquirePermits(String limiter, String key, int permits,
            long timeoutNanos, int limitForPeriod, long periodNanos) {
        return delegate.acquirePermits(limiter, key, permits, timeoutNanos, limitForPeriod, periodNanos);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
