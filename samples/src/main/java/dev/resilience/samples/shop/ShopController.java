package dev.resilience.samples.shop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample's endpoints, one per annotation, plus one with all of them. Every endpoint also takes the
 * downstream's {@code failureRate} and {@code latencyMs} for that request only. Resilience exceptions become
 * HTTP statuses in {@link dev.resilience.samples.web.ResilienceExceptionHandler}.
 */
@RestController
class ShopController {

    private final QuoteService quotes;
    private final InventoryService inventory;
    private final SlowService slow;
    private final ReportService reports;
    private final ProfileService profiles;
    private final RecommendationService recommendations;

    ShopController(QuoteService quotes, InventoryService inventory, SlowService slow, ReportService reports,
            ProfileService profiles, RecommendationService recommendations) {
        this.quotes = quotes;
        this.inventory = inventory;
        this.slow = slow;
        this.reports = reports;
        this.profiles = profiles;
        this.recommendations = recommendations;
    }

    /** {@code @CircuitBreaker} + {@code @Fallback}: a cached quote when the downstream fails or the breaker is open. */
    @GetMapping("/quotes/{symbol}")
    QuoteService.Quote quote(@PathVariable String symbol) {
        return quotes.quote(symbol);
    }

    /** The same breaker without a fallback: 503 while it is open. */
    @GetMapping("/quotes/{symbol}/live")
    QuoteService.Quote liveQuote(@PathVariable String symbol) {
        return quotes.liveQuote(symbol);
    }

    /** {@code @Retry}. */
    @GetMapping("/inventory/{sku}")
    InventoryService.Stock stock(@PathVariable String sku) {
        return inventory.stock(sku, new AtomicInteger());
    }

    /** {@code @Timeout}: 504 past the timeout. */
    @GetMapping("/slow")
    SlowService.Answer slow() {
        return slow.ask();
    }

    /** {@code @Bulkhead} (semaphore): 503 when full. */
    @GetMapping("/reports/{id}")
    ReportService.Report report(@PathVariable String id) {
        return reports.report(id);
    }

    /** {@code @Bulkhead(type = THREAD_POOL)}: runs on the bulkhead's pool; Spring MVC completes the response. */
    @GetMapping("/exports/{id}")
    CompletableFuture<ReportService.Report> export(@PathVariable String id) {
        return reports.export(id);
    }

    /** {@code @RateLimit} per user: 429 with {@code Retry-After} over the limit. */
    @GetMapping("/api/profile")
    ProfileService.Profile profile(@RequestParam String user) {
        return profiles.profile(user);
    }

    /** All six annotations stacked. */
    @GetMapping("/recommendations/{user}")
    RecommendationService.Recommendations recommendations(@PathVariable String user) {
        return recommendations.forUser(user);
    }
}
