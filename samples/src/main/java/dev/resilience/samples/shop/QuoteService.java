package dev.resilience.samples.shop;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.samples.downstream.FlakyDownstream;

import org.springframework.stereotype.Service;

/**
 * Stock quotes from the downstream, behind the circuit breaker {@code quotes}, with a fallback to the last
 * quote that was served live.
 *
 * <p>{@link #quote} shows {@code @CircuitBreaker} with a chained {@code @Fallback}: {@code cachedQuote} is tried
 * first; of its two overloads the one whose exception parameter best matches the failure wins (the breaker's
 * rejection or any other failure). When nothing is cached it throws, and {@code noQuote} answers instead.
 * {@link #liveQuote} uses the same breaker (same name, same instance) without a fallback, so its callers see
 * the rejection: 503 Service Unavailable.
 */
@Service
public class QuoteService {

    private static final Pattern SYMBOL = Pattern.compile("[A-Z]{1,5}");

    private final FlakyDownstream downstream;

    private final Map<String, Quote> lastLive = new ConcurrentHashMap<>();

    QuoteService(FlakyDownstream downstream) {
        this.downstream = downstream;
    }

    /**
     * The live quote, or a cached one when the downstream fails or the breaker is open. An invalid symbol is the
     * caller's mistake: it is neither recovered by the fallback ({@code ignore}) nor recorded by the breaker
     * (not in its {@code record-exceptions}).
     */
    @CircuitBreaker(name = "quotes")
    @Fallback(method = {"cachedQuote", "noQuote"}, ignore = IllegalArgumentException.class)
    public Quote quote(String symbol) {
        return live(symbol);
    }

    /** The live quote, without a fallback: while the breaker is open this throws CallNotPermittedException. */
    @CircuitBreaker(name = "quotes")
    public Quote liveQuote(String symbol) {
        return live(symbol);
    }

    private Quote live(String symbol) {
        if (!SYMBOL.matcher(symbol).matches()) {
            throw new IllegalArgumentException("Invalid symbol '" + symbol + "': expected 1 to 5 capital letters");
        }
        long call = downstream.call("quote " + symbol);
        Quote quote = new Quote(symbol, price(symbol, call), "live", null);
        lastLive.put(symbol, quote);
        return quote;
    }

    /** Fallback for the breaker's rejection: it did not even try the downstream. */
    private Quote cachedQuote(String symbol, CallNotPermittedException rejected) {
        return cached(symbol, rejected.getMessage());
    }

    /** Fallback for any other failure (the more specific overload above wins for rejections). */
    private Quote cachedQuote(String symbol, Exception failure) {
        return cached(symbol, failure.getMessage());
    }

    /** The last fallback, when nothing is cached: a quote without a price. */
    private Quote noQuote(String symbol) {
        return new Quote(symbol, null, "none", "no live quote and nothing cached");
    }

    private Quote cached(String symbol, String reason) {
        Quote last = lastLive.get(symbol);
        if (last == null) {
            throw new IllegalStateException("Nothing cached for " + symbol);
        }
        return new Quote(symbol, last.price(), "cache", reason);
    }

    /** A made-up price that moves a little with every call. */
    private static BigDecimal price(String symbol, long call) {
        int base = 50 + Math.floorMod(symbol.hashCode(), 200);
        return BigDecimal.valueOf(base * 100L + (call * 37) % 100, 2).setScale(2, RoundingMode.UNNECESSARY);
    }

    /**
     * A quote.
     *
     * @param symbol the symbol asked for
     * @param price the price; {@code null} when none is known
     * @param source {@code live} (from the downstream), {@code cache} (a fallback served the last live quote)
     *        or {@code none}
     * @param note why the quote is not live; {@code null} when it is
     */
    public record Quote(String symbol, BigDecimal price, String source, String note) {
    }
}
