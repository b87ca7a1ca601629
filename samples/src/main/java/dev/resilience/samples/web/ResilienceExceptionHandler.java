package dev.resilience.samples.web;

import java.time.Duration;

import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.core.ResilienceException;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.samples.downstream.DownstreamFailedException;
import dev.resilience.timeout.TimeoutExceededException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the library's exceptions into HTTP answers (RFC 9457 problem details), the way an application would:
 *
 * <table>
 *   <caption>Exception to status</caption>
 *   <tr><th>exception</th><th>status</th></tr>
 *   <tr><td>{@link CallNotPermittedException} (breaker open)</td><td>503 Service Unavailable</td></tr>
 *   <tr><td>{@link BulkheadFullException}</td><td>503 Service Unavailable</td></tr>
 *   <tr><td>{@link RateLimitExceededException}</td><td>429 Too Many Requests, {@code Retry-After} in seconds</td></tr>
 *   <tr><td>{@link TimeoutExceededException}</td><td>504 Gateway Timeout</td></tr>
 *   <tr><td>{@link DownstreamFailedException} (nothing recovered)</td><td>502 Bad Gateway</td></tr>
 *   <tr><td>{@link IllegalArgumentException} (bad input)</td><td>400 Bad Request</td></tr>
 * </table>
 *
 * Each problem of the library names the instance ({@code name}) that raised it.
 */
@RestControllerAdvice
public class ResilienceExceptionHandler {

    @ExceptionHandler(CallNotPermittedException.class)
    ProblemDetail breakerOpen(CallNotPermittedException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, e);
    }

    @ExceptionHandler(BulkheadFullException.class)
    ProblemDetail bulkheadFull(BulkheadFullException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, e);
    }

    @ExceptionHandler(RateLimitExceededException.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimitExceededException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(e.retryAfter())))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, e));
    }

    @ExceptionHandler(TimeoutExceededException.class)
    ProblemDetail timedOut(TimeoutExceededException e) {
        return problem(HttpStatus.GATEWAY_TIMEOUT, e);
    }

    @ExceptionHandler(DownstreamFailedException.class)
    ProblemDetail downstreamFailed(DownstreamFailedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, ResilienceException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setProperty("name", e.name());
        return problem;
    }

    /** {@code Retry-After} takes whole seconds: round up, so a client that obeys it is not rejected again. */
    static long retryAfterSeconds(Duration retryAfter) {
        long millis = retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
