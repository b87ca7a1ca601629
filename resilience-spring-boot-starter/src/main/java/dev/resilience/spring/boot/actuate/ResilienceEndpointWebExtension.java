package dev.resilience.spring.boot.actuate;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.spring.boot.actuate.ResilienceEndpoint.ErrorDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP side of {@link ResilienceEndpoint}: status codes with a JSON message ({@link ErrorDescriptor}) for
 * what cannot be done.
 *
 * <ul>
 *   <li>{@code GET /actuator/resilience/{pattern}/{name}}: 200 with the entry; 404 for an unknown pattern or
 *       name.
 *   <li>{@code POST /actuator/resilience/circuit-breakers/{name}}: 200 with the breaker's entry after the
 *       transition; 400 for a missing or unknown {@code state} (the message lists the allowed ones); 404 for
 *       an unknown breaker or pattern; 405 for a pattern other than circuit breakers.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = ResilienceEndpoint.class)
public class ResilienceEndpointWebExtension {

    private static final int STATUS_METHOD_NOT_ALLOWED = 405;

    private final ResilienceEndpoint delegate;

    /** The HTTP side of {@code delegate}. */
    public ResilienceEndpointWebExtension(ResilienceEndpoint delegate) {
        this.delegate = delegate;
    }

    /** One instance (200), or 404 with a message for an unknown pattern or name. */
    @ReadOperation
    public WebEndpointResponse<Object> instance(@Selector String pattern, @Selector String name) {
        if (!delegate.isShown(pattern)) {
            return error(WebEndpointResponse.STATUS_NOT_FOUND, "Not Found", delegate.unknownPattern(pattern));
        }
        Object instance = delegate.instance(pattern, name);
        if (instance == null) {
            return error(WebEndpointResponse.STATUS_NOT_FOUND, "Not Found",
                    ResilienceEndpoint.unknownInstance(pattern, name));
        }
        return new WebEndpointResponse<>(instance);
    }

    /**
     * Moves a circuit breaker to {@code state} (200 with its entry); 400 for a missing or unknown state, 404 for
     * an unknown breaker or pattern, 405 for another pattern.
     */
    @WriteOperation
    public WebEndpointResponse<Object> transition(@Selector String pattern, @Selector String name,
            @Nullable String state) {
        if (!ResilienceEndpoint.CIRCUIT_BREAKERS.equals(pattern)) {
            return delegate.isShown(pattern)
                    ? error(STATUS_METHOD_NOT_ALLOWED, "Method Not Allowed", delegate.notWritable(pattern))
                    : error(WebEndpointResponse.STATUS_NOT_FOUND, "Not Found", delegate.unknownPattern(pattern));
        }
        CircuitBreaker.State target = ResilienceEndpoint.parseState(state);
        if (target == null) {
            return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", ResilienceEndpoint.unknownState(state));
        }
        Object breaker = delegate.transition(name, target);
        if (breaker == null) {
            return error(WebEndpointResponse.STATUS_NOT_FOUND, "Not Found",
                    ResilienceEndpoint.unknownInstance(pattern, name));
        }
        return new WebEndpointResponse<>(breaker);
    }

    private static WebEndpointResponse<Object> error(int status, String error, String message) {
        return new WebEndpointResponse<>(new ErrorDescriptor(status, error, message), status);
    }
}
