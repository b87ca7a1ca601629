package dev.resilience.spring.boot.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import dev.resilience.core.InvalidConfigurationException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard page: a template read once from the starter jar, in which each request fills in the URL of
 * the {@code resilience} endpoint (as a {@code data-} attribute, HTML-escaped), the refresh interval and the
 * asset base path. Both depend on the request's servlet context path, and for a separate management port on
 * the host the browser used, so the page is rendered per request; it is a few kilobytes of string
 * replacement, never on a hot path.
 *
 * <p>Which URL the page polls, in order: {@code resilience.dashboard.endpoint-url} when set (a path resolved
 * against the context path, or an absolute URL used as is); else, when {@code management.server.port} puts
 * the actuator on another fixed port, that port on the same host with {@code management.server.base-path};
 * else the context path. Then {@code management.endpoints.web.base-path} (default {@code /actuator}) and the
 * endpoint's {@code management.endpoints.web.path-mapping.resilience} (default {@code resilience}). The same
 * rules as Spring Boot's own ({@code ManagementPortType}): a management port equal to the server port is the
 * same server.
 *
 * <p>Thread-safe: immutable after construction.
 */
@Controller
final class ResilienceDashboardPage {

    private static final Log logger = LogFactory.getLog(ResilienceDashboardPage.class);

    /** The page template; outside {@link ResilienceDashboardAutoConfiguration#ASSET_LOCATION} so it is never served raw. */
    static final String TEMPLATE = "META-INF/resilience/dashboard.html";

    private static final MediaType TEXT_HTML_UTF8 = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final String template;

    private final long refreshMillis;

    /** An absolute URL to poll, used as is; {@code null} if the endpoint is on this server or a management port. */
    private final @Nullable String absoluteUrl;

    /** The endpoint's path: after the context path, or after {@link #managementPrefix} on a management port. */
    private final String path;

    /** {@code scheme://} and {@code :port} plus base path of a separate management server, else {@code null}. */
    private final @Nullable ManagementServer managementServer;

    ResilienceDashboardPage(ResilienceDashboardProperties properties, Environment environment) {
        this.refreshMillis = refreshMillis(properties.getRefreshInterval());
        this.template = readTemplate();
        String configured = configuredUrl(properties.getEndpointUrl());
        if (configured != null && !configured.startsWith("/")) {
            this.absoluteUrl = configured;
            this.path = "";
            this.managementServer = null;
        }
        else {
            this.absoluteUrl = null;
            this.managementServer = (configured != null) ? null : ManagementServer.of(environment);
            this.path = (configured != null) ? configured : actuatorPath(environment);
        }
        if (logger.isInfoEnabled()) {
            logger.info("Resilience dashboard at " + ResilienceDashboardAutoConfiguration.PAGE_PATH + ", polling "
                    + describeEndpoint() + " every " + refreshMillis + " ms");
        }
    }

    @GetMapping({ ResilienceDashboardAutoConfiguration.PAGE_PATH, ResilienceDashboardAutoConfiguration.PAGE_PATH + "/" })
    ResponseEntity<String> page(HttpServletRequest request) {
        String contextPath = request.getContextPath();
        String endpoint = endpointUrl(request, contextPath);
        String html = template
                .replace("{{endpoint}}", HtmlUtils.htmlEscape(endpoint))
                .replace("{{assets}}", HtmlUtils.htmlEscape(contextPath + ResilienceDashboardAutoConfiguration.PAGE_PATH))
                .replace("{{interval}}", Long.toString(refreshMillis));
        return ResponseEntity.ok()
                .contentType(TEXT_HTML_UTF8)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", contentSecurityPolicy(endpoint))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(html);
    }

    /** The URL the page polls for this request. */
    String endpointUrl(HttpServletRequest request, String contextPath) {
        if (absoluteUrl != null) {
            return absoluteUrl;
        }
        if (managementServer != null) {
            return managementServer.origin(request) + managementServer.basePath() + path;
        }
        return contextPath + path;
    }

    /**
     * Everything from this origin only (the page's own script and style sheet, no inline code), plus the
     * endpoint's origin for polling when it is elsewhere.
     */
    static String contentSecurityPolicy(String endpoint) {
        String connect = "'self'";
        String origin = origin(endpoint);
        if (origin != null) {
            connect += " " + origin;
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src " + connect
                + "; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
    }

    /** The {@code scheme://host[:port]} of an absolute URL, or {@code null} for a path. */
    private static @Nullable String origin(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int end = url.indexOf('/', scheme + 3);
        return (end < 0) ? url : url.substring(0, end);
    }

    private String describeEndpoint() {
        if (absoluteUrl != null) {
            return absoluteUrl;
        }
        if (managementServer != null) {
            return "port " + managementServer.port() + " " + managementServer.basePath() + path;
        }
        return path;
    }

    private static long refreshMillis(@Nullable Duration interval) {
        if (interval == null || interval.compareTo(ResilienceDashboardProperties.MIN_REFRESH_INTERVAL) < 0) {
            // Echo the value as written in YAML (50ms), not as Duration.toString() (PT0.05S).
            throw new InvalidConfigurationException(ResilienceDashboardProperties.PREFIX + ".refresh-interval",
                    (interval != null) ? DurationStyle.SIMPLE.print(interval) : "null", "must be at least 100ms");
        }
        return interval.toMillis();
    }

    private static @Nullable String configuredUrl(@Nullable String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String trimmed = url.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        boolean absolute = (lower.startsWith("http://") || lower.startsWith("https://")) && trimmed.length() > 8;
        if (!absolute && !trimmed.startsWith("/")) {
            throw new InvalidConfigurationException(ResilienceDashboardProperties.PREFIX + ".endpoint-url", url,
                    "must be a path starting with '/' or an absolute http or https URL");
        }
        return trimmed;
    }

    /** {@code management.endpoints.web.base-path} + the endpoint's path mapping, as Spring Boot computes them. */
    static String actuatorPath(Environment environment) {
        String basePath = cleanPath(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
        String mapping = environment.getProperty("management.endpoints.web.path-mapping.resilience", "resilience");
        return basePath + "/" + trimSlashes(mapping.trim());
    }

    /** A base path as Spring Boot uses it: empty for the root, else a leading and no trailing slash. */
    static String cleanPath(@Nullable String basePath) {
        String path = (basePath != null) ? trimSlashes(basePath.trim()) : "";
        return path.isEmpty() ? "" : "/" + path;
    }

    private static String trimSlashes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '/') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(start, end);
    }

    private static String readTemplate() {
        ClassPathResource resource = new ClassPathResource(TEMPLATE, ResilienceDashboardPage.class.getClassLoader());
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the resilience dashboard template " + TEMPLATE, ex);
        }
    }

    /**
     * A management server on its own fixed port. Follows Spring Boot's {@code ManagementPortType}: no
     * {@code management.server.port}, or one equal to {@code server.port}, is the same server; a negative one
     * disables HTTP endpoints; {@code 0} is a random port the page cannot know.
     */
    record ManagementServer(String scheme, int port, String basePath) {

        static @Nullable ManagementServer of(Environment environment) {
            Integer managementPort = environment.getProperty("management.server.port", Integer.class);
            Integer serverPort = environment.getProperty("server.port", Integer.class);
            if (managementPort == null || (serverPort == null && managementPort == 8080)
                    || (managementPort != 0 && managementPort.equals(serverPort))) {
                return null;
            }
            if (managementPort < 0) {
                logger.warn("Resilience dashboard: management.server.port is " + managementPort
                        + ", so actuator endpoints are not served over HTTP and the dashboard has nothing to poll;"
                        + " set " + ResilienceDashboardProperties.PREFIX + ".endpoint-url");
                return null;
            }
            if (managementPort == 0) {
                logger.warn("Resilience dashboard: management.server.port is 0 (a random port the page cannot"
                        + " know); set " + ResilienceDashboardProperties.PREFIX + ".endpoint-url");
                return null;
            }
            boolean ssl = environment.getProperty("management.server.ssl.enabled", Boolean.class, false);
            String basePath = cleanPath(environment.getProperty("management.server.base-path", ""));
            return new ManagementServer(ssl ? "https" : "http", managementPort, basePath);
        }

        /** {@code scheme://host:port} on the host the browser used to reach the page. */
        String origin(HttpServletRequest request) {
            String host = request.getServerName();
            if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
                host = "[" + host + "]";
            }
            return scheme + "://" + host + ":" + port;
        }
    }
}
