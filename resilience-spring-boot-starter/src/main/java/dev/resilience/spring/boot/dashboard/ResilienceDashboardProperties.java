package dev.resilience.spring.boot.dashboard;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the live dashboard, under the prefix {@code resilience.dashboard}.
 *
 * <p>The dashboard is a self-contained page (HTML, CSS and plain JavaScript shipped in the starter, nothing
 * fetched from elsewhere) served at {@value ResilienceDashboardAutoConfiguration#PAGE_PATH} in a servlet
 * application with Spring MVC, when {@code resilience.dashboard.enabled=true}. It polls the {@code resilience}
 * actuator endpoint, which the application must expose
 * ({@code management.endpoints.web.exposure.include=resilience}).
 *
 * <p>Not thread-safe: bound once by Spring Boot, then only read.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(ResilienceDashboardProperties.PREFIX)
public class ResilienceDashboardProperties {

    /** The prefix of every dashboard property. */
    public static final String PREFIX = "resilience.dashboard";

    /** The default {@link #getRefreshInterval() refresh interval}: one second. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);

    /** The shortest {@link #getRefreshInterval() refresh interval} accepted: 100 milliseconds. */
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(100);

    /**
     * Whether to serve the live dashboard page at /resilience/dashboard (and its assets under
     * /resilience/dashboard/**). Needs a servlet web application with Spring MVC; the page reads the
     * 'resilience' actuator endpoint, which must be exposed. Default: false.
     */
    private boolean enabled;

    /**
     * How often the page polls the 'resilience' actuator endpoint; at least 100ms. Default: 1s.
     */
    private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;

    /**
     * URL the page polls instead of the 'resilience' actuator endpoint of this application: a path (resolved
     * against the servlet context path, e.g. '/manage/resilience') or an absolute http(s) URL (the server must
     * then allow the page's origin with CORS, e.g. 'management.endpoints.web.cors.allowed-origins'). Default:
     * derived from 'management.endpoints.web.base-path' (default '/actuator') and the endpoint's path mapping,
     * on the management port when 'management.server.port' sets a different fixed one.
     */
    private @Nullable String endpointUrl;

    /**
     * Whether the dashboard is served.
     *
     * @return {@code true} if {@code resilience.dashboard.enabled} is set to {@code true}; default {@code false}
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether the dashboard is served; read once, when the application starts.
     *
     * @param enabled {@code true} to serve the page
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * How often the page polls the endpoint.
     *
     * @return the interval; default {@link #DEFAULT_REFRESH_INTERVAL}
     */
    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    /**
     * Sets how often the page polls the endpoint. Validated when the application starts: shorter than
     * {@link #MIN_REFRESH_INTERVAL} stops the start.
     *
     * @param refreshInterval the interval
     */
    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    /**
     * The URL the page polls instead of the derived actuator URL.
     *
     * @return the URL, or {@code null} (the default) to derive it from the management settings
     */
    public @Nullable String getEndpointUrl() {
        return endpointUrl;
    }

    /**
     * Sets the URL the page polls: a path resolved against the servlet context path, or an absolute
     * {@code http}/{@code https} URL. Validated when the application starts.
     *
     * @param endpointUrl the URL, or {@code null} to derive it
     */
    public void setEndpointUrl(@Nullable String endpointUrl) {
        this.endpointUrl = endpointUrl;
    }
}
