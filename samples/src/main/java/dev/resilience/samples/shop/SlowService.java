package dev.resilience.samples.shop;

import dev.resilience.annotation.Timeout;
import dev.resilience.samples.downstream.FlakyDownstream;

import org.springframework.stereotype.Service;

/**
 * A call to a downstream that may be slow, with {@code @Timeout}: the method runs on the request's own thread
 * ({@code mode: caller}, the default); past {@code timeout-duration} that thread is interrupted
 * ({@code cancel-running-future: true}, the default), which ends the downstream's sleep, and the caller gets
 * {@code TimeoutExceededException} (504 Gateway Timeout).
 */
@Service
public class SlowService {

    private final FlakyDownstream downstream;

    SlowService(FlakyDownstream downstream) {
        this.downstream = downstream;
    }

    /** Asks the downstream; how long that takes is up to {@code latencyMs}. */
    @Timeout(name = "slow")
    public Answer ask() {
        long start = System.nanoTime();
        long call = downstream.call("slow");
        return new Answer(call, (System.nanoTime() - start) / 1_000_000, Thread.currentThread().getName());
    }

    /**
     * An answer.
     *
     * @param downstreamCall the number of the downstream call
     * @param tookMs how long the downstream took
     * @param thread the thread the method ran on: the request's own (a synchronous {@code @Timeout} in caller
     *        mode does not hand the call to another thread)
     */
    public record Answer(long downstreamCall, long tookMs, String thread) {
    }
}
