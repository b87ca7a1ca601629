package dev.resilience.samples.shop;

import dev.resilience.annotation.Timeout;
import dev.resilience.samples.downstream.FlakyDownstream;

import org.springframework.stereotype.Service;

/**
 * A call to a downstream that may be slow, with {@code @Timeout}: past {@code timeout-duration} the caller gets
 * {@code TimeoutExceededException} (504 Gateway Timeout) and the worker running the call is interrupted
 * ({@code cancel-running-future: true}, the default).
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
     * @param thread the thread the method ran on: a synchronous {@code @Timeout} runs it on a worker
     */
    public record Answer(long downstreamCall, long tookMs, String thread) {
    }
}
