package dev.resilience.samples.downstream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Reads {@code failureRate} and {@code latencyMs} from any request to the sample's endpoints and makes them the
 * downstream's flakiness for that request only ({@code GET /slow?latencyMs=2000}). A value out of range is a
 * 400 Bad Request.
 */
@Configuration(proxyBeanMethods = false)
class FlakinessParameters implements WebMvcConfigurer, AsyncHandlerInterceptor {

    private final FlakyDownstream downstream;

    FlakinessParameters(FlakyDownstream downstream) {
        this.downstream = downstream;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/downstream", "/actuator/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String failureRate = request.getParameter("failureRate");
        String latencyMs = request.getParameter("latencyMs");
        if (failureRate != null || latencyMs != null) {
            FlakyDownstream.override(downstream.flakiness().with(parse(failureRate, "failureRate", Double::valueOf),
                    parse(latencyMs, "latencyMs", Long::valueOf)));
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        FlakyDownstream.override(null);
    }

    @Override
    public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
            Object handler) {
        // An asynchronous endpoint has handed its work over (with the override captured); free this thread.
        FlakyDownstream.override(null);
    }

    private static <T> T parse(String value, String name, java.util.function.Function<String, T> parser) {
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid '" + name + "' (" + value + "): not a number");
        }
    }
}
