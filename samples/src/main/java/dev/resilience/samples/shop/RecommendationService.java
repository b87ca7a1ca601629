package dev.resilience.samples.shop;

import java.util.List;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.samples.downstream.FlakyDownstream;

import org.springframework.stereotype.Service;

/**
 * Personal recommendations with every annotation stacked. They compose in the fixed order, outermost first,
 * whatever order they are written in:
 *
 * <pre>
 * Fallback → Retry → CircuitBreaker → RateLimit → Timeout → Bulkhead → method
 * </pre>
 *
 * so each retry attempt passes through the breaker, takes a permit of the rate limiter, gets its own timeout and
 * a place in the bulkhead, and the fallback sees only the final outcome: the last attempt's failure, or the
 * breaker's rejection once it has opened.
 */
@Service
public class RecommendationService {

    private static final List<String> POPULAR = List.of("The Pragmatic Programmer", "Release It!",
            "Designing Data-Intensive Applications");

    private final FlakyDownstream downstream;

    RecommendationService(FlakyDownstream downstream) {
        this.downstream = downstream;
    }

    @Fallback(method = "popular")
    @Retry(name = "recommendations")
    @CircuitBreaker(name = "recommendations")
    @RateLimit(name = "recommendations")
    @Timeout(name = "recommendations")
    @Bulkhead(name = "recommendations")
    public Recommendations forUser(String user) {
        long call = downstream.call("recommendations " + user);
        return new Recommendations(user, List.of("Book #" + call % 97, "Book #" + (call * 31) % 97), "personal",
                null);
    }

    /** Fallback: everyone's favourites, with the reason. */
    private Recommendations popular(String user, Throwable failure) {
        return new Recommendations(user, POPULAR, "popular",
                failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /**
     * Recommendations.
     *
     * @param source {@code personal}, or {@code popular} when the fallback answered
     * @param note why the fallback answered; {@code null} otherwise
     */
    public record Recommendations(String user, List<String> items, String source, String note) {
    }
}
